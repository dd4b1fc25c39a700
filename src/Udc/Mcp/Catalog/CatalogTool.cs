using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Mcp.Catalog;

/// <summary>
/// One of UDC's tools as the MCP server lists and calls it: its description is the current tool set's, and a call
/// goes to the one <see cref="ToolRunner"/> with the caller's key, as the assistant's calls do.
/// </summary>
internal sealed class CatalogTool(string name, CatalogPrimitives primitives, ToolRunner runner) : McpServerTool
{
    public string Name => name;

    public override Tool ProtocolTool => primitives.Describe(name);

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var identity = ClientPrincipal.IdentityOf(request.User);
        var caller = ToolCaller.For(identity, primitives.AnonymousPartition(request.Services));
        var arguments = request.Params?.Arguments is { } given ? given as IReadOnlyDictionary<string, System.Text.Json.JsonElement> ?? new Dictionary<string, System.Text.Json.JsonElement>(given) : null;
        using var observed = ToolCallTelemetry.Start(name, ToolCallTelemetry.SourceOf(arguments), identity?.KeyId, ToolSurface.Mcp);
        var result = await runner.CallAsync(primitives.ToolsFor(identity), name, arguments, caller);
        observed.Complete(result.IsError, result.ErrorCode);
        if (result.IsError && result.ErrorCode is { } code)
        {
            Audit.ReadLedger.Current?.MarkToolError(code);
        }
        return McpToolResults.From(result);
    }
}
