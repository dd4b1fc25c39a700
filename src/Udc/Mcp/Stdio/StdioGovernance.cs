using ModelContextProtocol.Server;
using Udc.Audit;

namespace Udc.Mcp.Stdio;

/// <summary>
/// Over HTTP every MCP request is governed by <see cref="ReadGovernanceMiddleware"/>; stdio has no request, so each
/// tool call and resource read is governed here by the same <see cref="ReadGovernor"/>: under
/// <c>REQUEST_DEADLINE_MS</c>, charged to the quota of the <c>stdio</c> caller (the partition its tools already
/// check), and recorded in the audit trail with surface <c>mcp</c>.
/// </summary>
internal static class StdioGovernance
{
    /// <summary>The process that started <c>udc mcp</c> is one caller: it holds no key, and it is the only client.</summary>
    public const string Caller = "stdio";

    /// <summary>A JSON-RPC error (the call threw) is recorded as the 500 an HTTP request would have answered.</summary>
    private const int Succeeded = 200;
    private const int Failed = 500;

    public static IMcpServerBuilder WithStdioGovernance(this IMcpServerBuilder builder) => builder.WithRequestFilters(filters => filters
        .AddCallToolFilter(next => (request, cancellationToken) =>
            GovernAsync(request.Services!, "tools/call " + request.Params?.Name, () => next(request, cancellationToken)))
        .AddReadResourceFilter(next => (request, cancellationToken) =>
            GovernAsync(request.Services!, "resources/read " + request.Params?.Uri, () => next(request, cancellationToken))));

    private static async ValueTask<TResult> GovernAsync<TResult>(IServiceProvider services, string action, Func<ValueTask<TResult>> call)
    {
        var governor = services.GetRequiredService<ReadGovernor>();
        var read = governor.Begin(Caller, Caller, "mcp", action, governor.DefaultDeadline);
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
}
