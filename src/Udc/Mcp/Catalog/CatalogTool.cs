using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Mcp.Catalog;

/// <summary>
/// One of UDC's tools as the MCP server lists and calls it: its description is the current tool set's, and a call
/// goes to the one <see cref="ToolRunner"/> with the caller's key, as the assistant's calls do. The SDK calls it
/// through <see cref="InvokeAsync"/>; the direct answer to a plain <c>tools/call</c> POST
/// (<see cref="Http.McpToolCallShortcut"/>) calls <see cref="RunAsync"/>, the same code, and writes the result with the
/// same <see cref="McpToolResults"/>.
/// </summary>
internal sealed class CatalogTool(string name, CatalogPrimitives primitives, ToolRunner runner) : McpServerTool
{
    public string Name => name;

    public override Tool ProtocolTool => primitives.Describe(name);

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        CallAsync(request.User, request.Services, request.Params?.Arguments);

    /// <summary>Runs the call for <paramref name="user"/> (the request's principal; null over stdio), as MCP's result.</summary>
    public async ValueTask<CallToolResult> CallAsync(ClaimsPrincipal? user, IServiceProvider? services, IDictionary<string, JsonElement>? given) =>
        McpToolResults.From(await RunAsync(user, services, given));

    /// <summary>Runs the call for <paramref name="user"/>; <see cref="McpToolResults"/> makes MCP's result of it.</summary>
    public async ValueTask<ToolResult> RunAsync(ClaimsPrincipal? user, IServiceProvider? services, IDictionary<string, JsonElement>? given)
    {
        var identity = ClientPrincipal.IdentityOf(user);
        var caller = ToolCaller.For(identity, primitives.AnonymousPartition(services));
        var arguments = given is null ? null : given as IReadOnlyDictionary<string, JsonElement> ?? new Dictionary<string, JsonElement>(given);
        using var observed = ToolCallTelemetry.Start(name, ToolCallTelemetry.SourceOf(arguments), identity?.KeyId, ToolSurface.Mcp);
        var result = await runner.CallAsync(primitives.ToolsFor(identity), name, arguments, caller);
        observed.Complete(result.IsError, result.ErrorCode);
        if (result.IsError && result.ErrorCode is { } code)
        {
            Audit.ReadLedger.Current?.MarkToolError(code);
        }
        return result;
    }
}
