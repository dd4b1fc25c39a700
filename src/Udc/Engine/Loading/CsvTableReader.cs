using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Reads RFC 4180 CSV with CsvHelper's UTF-8 reader. The first row names the columns; every field is untyped
/// text whose column type is inferred from all values; an empty field is null. Malformed quoting makes the
/// file fail with its line rather than be read into wrong rows. A large UTF-8 file is cut at line ends outside
/// quotes (<see cref="RecordChunks"/>) and its chunks read on every core, with the header and separator of the first.
/// </summary>
internal static class CsvTableReader
{
    /// <summary>Progress is reported, and a failed sibling chunk noticed, every 4,096 records.</summary>
    private const int ReportEvery = 4096;

    private static readonly CsvReaderOptions s_options = new()
    {
        HasHeader = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        IncludeValuesInExceptions = false,
    };

    /// <param name="options">Cores and progress; by default every core, without progress.</param>
    public static Table Read(ReadOnlyMemory<byte> csv, string fileName, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        var chunks = options.ChunkCount(csv.Length);
        if (chunks > 1 && IsUtf8WithoutOtherMark(csv.Span) && TryReadChunks(csv, fileName, chunks, options.Progress) is { } table)
        {
            return table;
        }
        options.Progress?.BeginParsing(chunks: 1);
        var builder = new TableBuilder(fileName);
        try
        {
            using var reader = CsvReader.Create(csv, s_options);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            ReadRecords(reader, builder, ColumnNames(reader.Headers, seen), seen, csv.Length, options.Progress, abort: null);
        }
        catch (CsvFormatException e)
        {
            throw new SourceLoadException(fileName, FirstLine(e.Message), e.LineNumber > 0 ? e.LineNumber : null, e.ByteOffset > 0 ? e.ByteOffset : null, e);
        }
        options.Progress?.Begin(LoadPhase.Building);
        return builder.Build();
    }

    /// <summary>A UTF-16 or UTF-32 file is transcoded by the reader, so its byte offsets are not the file's: it is read whole.</summary>
    private static bool IsUtf8WithoutOtherMark(ReadOnlySpan<byte> csv) =>
        !(csv.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || csv.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || csv.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]));

    private static Table? TryReadChunks(ReadOnlyMemory<byte> csv, string fileName, int count, LoadProgress? progress)
    {
        var cuts = RecordChunks.Csv(csv.Span, count);
        if (cuts.Length <= 2)
        {
            return null;
        }
        IReadOnlyList<string> headers;
        char separator;
        try
        {
            using var first = CsvReader.Create(csv[..cuts[1]], s_options);
            headers = [.. first.Headers];
            separator = first.Separator;
        }
        catch (CsvFormatException)
        {
            return null;
        }
        var rest = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = separator,
            DetectSeparatorHint = false,
            MalformedData = s_options.MalformedData,
            TrackLineNumbers = false,
            SkipEmptyLines = s_options.SkipEmptyLines,
            IncludeValuesInExceptions = false,
        };
        var builders = ChunkedRead.Run(cuts.Length - 1, progress, (i, abort) =>
        {
            var chunk = csv[cuts[i]..cuts[i + 1]];
            // One pass over the chunk's bytes checks its UTF-8 at memory speed; a field's bytes are the chunk's own
            // (or its quoted text unescaped), so the values need no check of their own.
            var builder = new TableBuilder(fileName, textIsValidUtf8: Utf8.IsValid(chunk.Span));
            using var reader = CsvReader.Create(chunk, i == 0 ? s_options : rest);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var names = ColumnNames(headers, seen);
            ReadRecords(reader, builder, names, seen, cuts[i + 1] - cuts[i], progress, abort);
            return builder;
        });
        if (builders is null)
        {
            return null;
        }
        progress?.Begin(LoadPhase.Building);
        return TableAssembler.Build(fileName, builders);
    }

    /// <param name="length">The bytes of the text being read, from which its rows are projected.</param>
    private static void ReadRecords(CsvReader reader, TableBuilder builder, List<byte[]> names, HashSet<string> seen, long length, LoadProgress? progress, ChunkAbort? abort)
    {
        foreach (var name in names)
        {
            builder.DeclareColumn(name);
        }
        long reported = 0;
        var unreported = 0;
        while (reader.Read())
        {
            builder.BeginRow();
            var count = reader.FieldCount;
            for (var i = 0; i < count; i++)
            {
                if (i == names.Count)
                {
                    names.Add(Encoding.UTF8.GetBytes(UniqueName($"column_{i + 1}", seen)));
                    builder.DeclareColumn(names[i]);
                }
                var field = reader.GetSpan(i);
                builder.AddAt(i, field.IsEmpty ? RawKind.Null : RawKind.Text, field);
            }
            if (++unreported == ReportEvery)
            {
                builder.ProjectRows(reader.ByteOffset, length);
                abort?.ThrowIfSet();
                progress?.Advance(reader.ByteOffset - reported, unreported);
                reported = reader.ByteOffset;
                unreported = 0;
            }
        }
        progress?.Advance(reader.ByteOffset - reported, unreported);
    }

    /// <summary>Header names, made unique (<c>name</c>, <c>name_2</c>) and never empty.</summary>
    private static List<byte[]> ColumnNames(IReadOnlyList<string> headers, HashSet<string> seen)
    {
        var names = new List<byte[]>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            names.Add(Encoding.UTF8.GetBytes(UniqueName(header.Length == 0 ? $"column_{i + 1}" : header, seen)));
        }
        return names;
    }

    private static string UniqueName(string name, HashSet<string> seen)
    {
        var candidate = name;
        for (var n = 2; !seen.Add(candidate); n++)
        {
            candidate = $"{name}_{n}";
        }
        return candidate;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
