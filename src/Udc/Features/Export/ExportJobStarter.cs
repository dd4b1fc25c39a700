using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Jobs;
using Udc.RateLimiting;
using Udc.Reading;
using Udc.Tools;

namespace Udc.Features.Export;

/// <summary>
/// Starts an export as a job, for the <c>start_export</c> tool and <c>POST /jobs</c> with <c>"kind": "export"</c> alike:
/// the arguments are read by the tool argument reader, the query is checked against the source now (so a wrong filter
/// is an error at once, not a failed job later), the read counts against the caller's per-source rate limit, and the
/// job is stored before the caller hears of it.
/// </summary>
internal sealed class ExportJobStarter(SourceResolver sources, RequestRateLimiter limiter, JobStore jobs)
{
    /// <summary>What an export job takes: the source, <c>query_data</c>'s query without paging, and the format.</summary>
    public static readonly string[] Arguments = [ToolNames.Source, .. ExportJobRequest.QueryArguments, ExportJobRequest.FormatArgument];

    private static readonly string[] s_sourceLocation = [ToolNames.Arguments, ToolNames.Source];

    public async ValueTask<ExportStart> StartAsync(IReadOnlyDictionary<string, JsonElement>? values, ClientIdentity? identity, string partition, string? idempotencyKey = null, string? callbackUrl = null)
    {
        var args = new ToolArguments(values, Arguments);
        var source = args.String(ToolNames.Source, required: true);
        var formatName = args.String(ExportJobRequest.FormatArgument) ?? "csv";
        if (!ExportJobRequest.Formats.Contains(formatName))
        {
            args.Issues.Add(ToolArguments.Issue(ExportJobRequest.FormatArgument, $"valid formats: {string.Join(", ", ExportJobRequest.Formats)}", "enum"));
        }
        var request = args.ReadQuery();
        if (args.Issues.Count > 0)
        {
            return new ExportStart { Issues = args.Issues };
        }
        if (!sources.TryResolve(source!, identity, s_sourceLocation, out var snapshot, out var error))
        {
            return new ExportStart { Error = error };
        }
        if (QueryBinder.Bind(snapshot, request, RequestOrigin.ToolArguments) is { Spec: null } parsed)
        {
            return new ExportStart { Issues = parsed.Issues };
        }
        if (await limiter.AcquireAsync(partition, snapshot.Name) is { Allowed: false } rejected)
        {
            return new ExportStart { Source = snapshot.Name, Rejected = rejected };
        }
        ExportFormats.TryParse(formatName, out var format);
        var payload = new ExportJobRequest(snapshot.Name, format, args.Subset(ExportJobRequest.QueryArguments)).ToPayload();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload + "\n" + callbackUrl)));
        var (job, created) = await jobs.CreateAsync(new JobRequest(JobKind.Export, null, payload, hash, idempotencyKey, callbackUrl), JobStore.ClientOf(identity));
        return new ExportStart { Source = snapshot.Name, Format = format, Job = job, Created = created, KeyReused = job is null };
    }
}

/// <summary>
/// How starting an export went: <see cref="Job"/> when it is stored (or an idempotent replay found it); otherwise the
/// argument <see cref="Issues"/>, the refused read (<see cref="Error"/>), the rate limit's <see cref="Rejected"/>, or
/// an idempotency key used before for another request (<see cref="KeyReused"/>).
/// </summary>
internal sealed record ExportStart
{
    public IReadOnlyList<ValidationIssue> Issues { get; init; } = [];

    public ReadError? Error { get; init; }

    public RateLimitDecision? Rejected { get; init; }

    public string? Source { get; init; }

    public ExportFormat Format { get; init; }

    public Job? Job { get; init; }

    public bool Created { get; init; }

    public bool KeyReused { get; init; }
}
