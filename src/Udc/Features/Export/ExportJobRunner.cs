using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Engine.Query;
using Udc.Features.Export.Xlsx;
using Udc.Jobs;
using Udc.Reading;
using Udc.Tools;

namespace Udc.Features.Export;

/// <summary>
/// Runs exports started as jobs (<c>start_export</c>): the same query and writers as <c>/export/{source}</c>, into a
/// file in the state folder, then a result with a signed download link that expires (<see cref="DownloadLinks"/>).
/// The file is written under a temporary name and renamed, so a link never serves half a file.
/// </summary>
internal sealed class ExportJobRunner(JobStore store, SourceResolver sources, ExportSettings settings, JobSettings jobs, DownloadLinks links, ExportFiles files, TimeProvider time) : IWorkHandler
{
    public string Queue => JobStore.ExportQueue;

    /// <summary>An export fails only on a bug or a full disk: two more tries, seconds apart.</summary>
    public RetryPolicy Retry { get; } = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    public async Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (store.Get(item.Subject) is not { } job || job.IsFinished)
        {
            return WorkOutcome.Done();
        }
        store.MarkRunning(job.Id, item.Attempt);
        var request = ExportJobRequest.Parse(job.Payload);
        if (!sources.TryResolve(request.Source, null, ["payload", ToolNames.Source], out var snapshot, out var error))
        {
            return WorkOutcome.Fail(error.Message, store.Failed(job.Id, error.Message));
        }
        var arguments = new ToolArguments(request.Arguments, ExportJobRequest.QueryArguments);
        var parsed = QueryBinder.Bind(snapshot, arguments.ReadQuery(), RequestOrigin.ToolArguments, arguments.Issues);
        if (parsed.Spec is not { } spec)
        {
            var invalid = string.Join("; ", parsed.Issues.Select(i => i.Msg));
            return WorkOutcome.Fail(invalid, store.Failed(job.Id, invalid));
        }
        spec = spec with { Stream = true };
        var maxRows = settings.MaxRowsFor(request.Format);
        var total = QueryExecutor.Count(snapshot, spec);
        if (total > maxRows)
        {
            var tooLarge = $"{total} rows match; an {request.Format.ToString().ToLowerInvariant()} export holds at most {maxRows}";
            return WorkOutcome.Fail(tooLarge, store.Failed(job.Id, tooLarge));
        }
        var path = files.PathOf(job.Id, request.Format);
        var partial = path + ".partial";
        using (var result = QueryExecutor.Execute(snapshot, spec))
        {
            await using var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            // The writers /export streams to a response with, over a pipe onto the file.
            var pipe = PipeWriter.Create(file, new StreamPipeWriterOptions(leaveOpen: true));
            var body = new ResponseBodyStream(pipe, cancellationToken);
            if (request.Format == ExportFormat.Csv)
            {
                await CsvExport.WriteAsync(result, body);
            }
            else
            {
                await XlsxExport.WriteAsync(result, XlsxPackage.SheetName(snapshot.Name), body);
            }
            await pipe.FlushAsync(cancellationToken);
            await pipe.CompleteAsync();
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: true);
        var expires = time.GetUtcNow() + DownloadLinks.Lifetime;
        var link = new Uri(jobs.PublicUrl, links.PathFor(job.Id, expires).TrimStart('/')).ToString();
        var fileName = ExportFileName.For(snapshot.Name, time.GetUtcNow(), request.Format);
        return WorkOutcome.Done(store.Completed(job.Id, ResultJson(snapshot.Name, request.Format, total, new FileInfo(path).Length, fileName, link, expires)));
    }

    private static string ResultJson(string source, ExportFormat format, int rows, long bytes, string fileName, string link, DateTimeOffset expires)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("source"u8, source);
            writer.WriteString("format"u8, format.ToString().ToLowerInvariant());
            writer.WriteNumber("rows"u8, rows);
            writer.WriteNumber("bytes"u8, bytes);
            writer.WriteString("file_name"u8, fileName);
            writer.WriteString("download_url"u8, link);
            writer.WriteString("expires_at"u8, expires.UtcDateTime);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) =>
        store.Finish(connection, transaction, item.Subject, JobStatus.Failed, null, error);
}
