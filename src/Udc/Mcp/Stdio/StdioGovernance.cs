using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Udc.Audit;

namespace Udc.Mcp.Stdio;

/// <summary>
/// Over HTTP every MCP request is governed by <see cref="ReadGovernanceMiddleware"/>; stdio has no request, so each
/// tool call and resource read is governed here by the same <see cref="ReadGovernor"/>: under
/// <c>REQUEST_DEADLINE_MS</c> (lowered per call by <see cref="DeadlineMetaKey"/> in its <c>_meta</c>), charged to
/// the quota of the <c>stdio</c> caller (the partition its tools already check), and recorded in the audit trail
/// with surface <c>mcp</c>.
/// </summary>
internal static class StdioGovernance
{
    /// <summary>The process that started <c>udc mcp</c> is one caller: it holds no key, and it is the only client.</summary>
    public const string Caller = "stdio";

    /// <summary>A JSON-RPC error (the call threw) is recorded as the 500 an HTTP request would have answered.</summary>
    private const int Succeeded = 200;
    private const int Failed = 500;

    /// <summary>
    /// The key of a request's <c>_meta</c> that lowers its deadline, as <c>X-UDC-Deadline-Ms</c> does an HTTP request's:
    /// stdio has no headers, and <c>_meta</c> is the protocol's place for what is about a request rather than its arguments.
    /// </summary>
    public const string DeadlineMetaKey = "udc/deadline_ms";

    public static IMcpServerBuilder WithStdioGovernance(this IMcpServerBuilder builder) => builder.WithRequestFilters(filters => filters
        .AddCallToolFilter(next => (request, cancellationToken) =>
            GovernAsync(request.Services!, "tools/call " + request.Params?.Name, request.Params?.Meta, () => next(request, cancellationToken),
                // A tool call's bad value is a result the model reads, as a bad argument is.
                problem => Catalog.McpToolResults.From(Tools.ToolRunner.Error(Hosting.ErrorCodes.Validation, problem,
                    [new Engine.Query.ValidationIssue(["_meta", DeadlineMetaKey], problem, "value_error")]))))
        .AddReadResourceFilter(next => (request, cancellationToken) =>
            GovernAsync(request.Services!, "resources/read " + request.Params?.Uri, request.Params?.Meta, () => next(request, cancellationToken),
                problem => throw new McpProtocolException(problem, McpErrorCode.InvalidParams))));

    /// <param name="refuse">The answer to a <c>_meta</c> deadline that is not a lower one; nothing is read or recorded.</param>
    private static async ValueTask<TResult> GovernAsync<TResult>(IServiceProvider services, string action, JsonObject? meta, Func<ValueTask<TResult>> call, Func<string, TResult> refuse)
    {
        var governor = services.GetRequiredService<ReadGovernor>();
        if (DeadlineOf(governor, meta) is not { } deadline)
        {
            return refuse($"_meta \"{DeadlineMetaKey}\" must be {governor.DeadlineRule}: a call may lower its deadline, never raise it");
        }
        var read = governor.Begin(Caller, Caller, "mcp", action, deadline);
        var status = Failed;
        try
        {
            var result = await call();
            status = Succeeded;
            return result;
        }
        finally
        {
            await governor.EndAsync(read, status);
        }
    }

    /// <summary>The setting, or the lower deadline the request's <c>_meta</c> names; null for any other value.</summary>
    private static TimeSpan? DeadlineOf(ReadGovernor governor, JsonObject? meta)
    {
        if (meta?[DeadlineMetaKey] is not { } asked)
        {
            return governor.DefaultDeadline;
        }
        return asked.GetValueKind() == JsonValueKind.Number && asked.AsValue().TryGetValue<long>(out var milliseconds) ? governor.DeadlineOf(milliseconds) : null;
    }
}
