using System.Globalization;
using System.Text.Json;
using Udc.Engine.Query;
using Udc.Features.Export;
using Udc.Hosting;
using Udc.Jobs;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    /// <summary>The jobs exports are started as, and <c>get_job</c> reads; set by the composition root.</summary>
    public JobStore? Jobs { get; init; }

    /// <summary>What checks and stores an export job, shared with <c>POST /jobs</c>; set by the composition root.</summary>
    public ExportJobStarter? Exports { get; init; }

    /// <summary>
    /// <c>start_export</c>: checks the query now (so a wrong filter is an error the model can fix at once), stores the
    /// export as a job and answers with its request_id; the file is written in the background.
    /// </summary>
    private async ValueTask<ToolResult> StartExportAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var started = await Exports!.StartAsync(values, caller.Identity, caller.Partition);
        if (started.Error is { } error)
        {
            return Error(error);
        }
        if (started.Rejected is { } rejected)
        {
            return Error(ErrorCodes.RateLimited, rejected.RejectionMessage(started.Source));
        }
        if (started.Job is not { } job)
        {
            return Invalid(ToolNames.StartExport, started.Issues);
        }
        return new ToolResult
        {
            Json = Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("request_id"u8, job.Id);
                writer.WriteString("status"u8, job.Status);
                writer.WriteString("voice_context"u8, $"I've started exporting {started.Source} to {started.Format.ToString().ToUpperInvariant()}; it will be ready in a moment.");
                writer.WriteEndObject();
            }),
        };
    }

    /// <summary><c>get_job</c>: a job this caller started, as <c>GET /jobs/{id}</c> shows it, with a sentence to say.</summary>
    private ToolResult GetJob(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var args = new ToolArguments(values, [ToolNames.RequestId]);
        var id = args.String(ToolNames.RequestId, required: true);
        if (args.Issues.Count > 0)
        {
            return Invalid(ToolNames.GetJob, args.Issues);
        }
        if (JobStore.VisibleTo(Jobs!.Get(id!), caller.Identity) is not { } job)
        {
            return Error(ErrorCodes.JobNotFound, $"No job '{TextClip.Clip(id!, 64)}'. Give the request_id start_export returned.");
        }
        return new ToolResult { Json = Write(writer => JobWriter.Write(writer, job, more => more.WriteString("voice_context"u8, Spoken(job)))) };
    }

    private string Spoken(Job job) => job.Status switch
    {
        JobStatus.Complete when job.Kind == JobKind.Export => "The export is ready to download.",
        JobStatus.Complete => "The job is complete.",
        JobStatus.Failed => $"The job failed: {TextClip.Clip(job.Error ?? "no reason given", 200)}",
        JobStatus.Cancelled => "The job was cancelled.",
        _ => string.Create(CultureInfo.InvariantCulture, $"Still working on it ({job.Status.Replace('_', ' ')}, started {(time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(job.CreatedAt)).TotalSeconds:0} s ago)."),
    };
}
