using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Udc.Engine.Query;
using Udc.Features.Export;
using Udc.Hosting;
using Udc.Jobs;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    private static readonly string[] s_exportArguments = [ToolNames.Source, .. ExportJobRequest.QueryArguments, ExportJobRequest.FormatArgument];

    /// <summary>The jobs exports are started as; set by the composition root.</summary>
    public JobStore? Jobs { get; init; }

    /// <summary>
    /// <c>start_export</c>: checks the query now (so a wrong filter is an error the model can fix at once), stores the
    /// export as a job and answers with its request_id; the file is written in the background.
    /// </summary>
    private async ValueTask<ToolResult> StartExportAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var args = new ToolArguments(values, s_exportArguments);
        var source = args.String(ToolNames.Source, required: true);
        var formatName = args.String(ExportJobRequest.FormatArgument) ?? "csv";
        if (!ExportJobRequest.Formats.Contains(formatName))
        {
            args.Issues.Add(ToolArguments.Issue(ExportJobRequest.FormatArgument, $"valid formats: {string.Join(", ", ExportJobRequest.Formats)}", "enum"));
        }
        var request = args.ReadQuery();
        if (args.Issues.Count > 0)
        {
            return Invalid(ToolNames.StartExport, args.Issues);
        }
        if (!sources.TryResolve(source!, caller.Identity, s_sourceLocation, out var snapshot, out var error))
        {
            return Error(error);
        }
        if (QueryBinder.Bind(snapshot, request, RequestOrigin.ToolArguments) is { Spec: null } parsed)
        {
            return Invalid(ToolNames.StartExport, parsed.Issues);
        }
        if (await limiter.AcquireAsync(caller.Partition, snapshot.Name) is { Allowed: false } rejected)
        {
            return Error(ErrorCodes.RateLimited, rejected.RejectionMessage(snapshot.Name));
        }
        ExportFormats.TryParse(formatName, out var format);
        var payload = new ExportJobRequest(snapshot.Name, format, args.Subset(ExportJobRequest.QueryArguments)).ToPayload();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        var (job, _) = Jobs!.Create(new JobRequest(JobKind.Export, null, payload, hash, null, null), JobStore.ClientOf(caller.Identity));
        return new ToolResult
        {
            Json = Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("request_id"u8, job!.Id);
                writer.WriteString("status"u8, job.Status);
                writer.WriteString("voice_context"u8, $"I've started exporting {snapshot.Name} to {formatName.ToUpperInvariant()}; it will be ready in a moment.");
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
