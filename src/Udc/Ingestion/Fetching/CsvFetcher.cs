using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Udc.Engine.Loading;
using Udc.Ingestion.Connectors;
using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// Reads a CSV file, local (inside the data folder, read the one safe way, <see cref="DataFile"/>) or over HTTP, in
/// batches of <see cref="BatchSize"/> rows, each committed with the row it reached: a run cut short resumes at that
/// row if the file is unchanged. A file identical to the last one read (same validators, or same bytes) is no news.
/// </summary>
internal static partial class CsvFetcher
{
    /// <summary>1,000 rows per commit, as an API page: one fsync per thousand rows keeps the disk out of the way.</summary>
    public const int BatchSize = 1_000;

    public static async IAsyncEnumerable<FetchedPage> FetchAsync(UpstreamClient upstream, IngestCheckpoint checkpoint, string dataDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connector = upstream.Connector;
        var first = new FetchedPage();
        byte[] bytes;
        if (connector.LocalPath is { } path)
        {
            bytes = ReadLocal(path, connector.MaxBytes, dataDirectory);
        }
        else
        {
            var conditional = checkpoint.Resume is null && connector.Conditional;
            var response = await upstream.GetAsync(connector.Url!, 1, request => AddValidators(request, checkpoint, conditional), cancellationToken);
            first.Requests = 1;
            first.ETag = response.ETag;
            first.LastModified = response.LastModified;
            if (response.NotModified)
            {
                first.NotModified = true;
                yield return first;
                yield break;
            }
            bytes = response.Body;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        first.ContentHash = hash;
        if (checkpoint.Resume is null && checkpoint.ContentHash == hash)
        {
            first.NotModified = true;
            yield return first;
            yield break;
        }
        var skip = checkpoint.Resume is { ContentHash: var resumeHash } resume && resumeHash == hash ? resume.Row : 0;
        var pagesDone = skip > 0 ? checkpoint.Resume!.PagesDone : 0;
        foreach (var page in ReadBatches(Utf8(bytes, connector.Csv.Encoding), connector, skip, first))
        {
            page.ContentHash = hash;
            if (page.Next is not null)
            {
                page.Next = page.Next with { ContentHash = hash, PagesDone = ++pagesDone };
            }
            yield return page;
        }
    }

    private static void AddValidators(HttpRequestMessage request, IngestCheckpoint checkpoint, bool conditional)
    {
        if (conditional && checkpoint.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }
        if (conditional && checkpoint.LastModified is { } since)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", since);
        }
    }

    private static byte[] ReadLocal(string path, long maxBytes, string dataDirectory)
    {
        try
        {
            if (new FileInfo(path).Length > maxBytes)
            {
                throw new FetchException($"'{Path.GetFileName(path)}' is over max_bytes ({maxBytes})");
            }
            return DataFile.ReadAllBytes(DataFile.RealFolder(dataDirectory), path, out _);
        }
        catch (Exception e) when (e is SourceLoadException or IOException)
        {
            throw new FetchException($"'{Path.GetFileName(path)}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>CsvHelper reads UTF-8; any other declared encoding is decoded and written again as UTF-8.</summary>
    private static byte[] Utf8(byte[] bytes, Encoding encoding) =>
        encoding.CodePage == Encoding.UTF8.CodePage ? bytes : Encoding.UTF8.GetBytes(encoding.GetString(bytes));

    private static IEnumerable<FetchedPage> ReadBatches(byte[] csv, ConnectorDefinition connector, long skip, FetchedPage first)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = connector.Csv.Header,
            Separator = connector.Csv.Delimiter,
            MalformedData = CsvMalformedDataHandling.Throw,
            SkipEmptyLines = true,
            IncludeValuesInExceptions = false,
        };
        using var reader = CsvReader.Create(csv, options);
        var page = first;
        string[]? names = null;
        int[]? idIndexes = null;
        var row = 0L;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        while (TryRead(reader, row))
        {
            names ??= ColumnNames(reader, connector);
            idIndexes ??= IdIndexes(names, connector);
            row++;
            if (row <= skip)
            {
                continue;
            }
            AddRow(reader, names, idIndexes, connector, page, buffer);
            if (page.Records.Count + page.Rejected.Count == BatchSize)
            {
                page.Next = new ResumePosition { Row = row };
                yield return page;
                page = new FetchedPage();
            }
        }
        page.Next = null;
        yield return page;
    }

    private static bool TryRead(CsvReader reader, long row)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new FetchException($"row {row + 1}: malformed CSV ({e.Message})");
        }
    }
}
