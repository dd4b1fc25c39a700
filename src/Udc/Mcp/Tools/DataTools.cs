using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Observability;

namespace Udc.Mcp.Tools;

/// <summary>
/// UDC's MCP tools, registered with <c>WithTools&lt;DataTools&gt;()</c>. Each takes the raw arguments and reads
/// them itself (<see cref="ToolArguments"/>), so a wrong type is a fix-it message rather than a binding failure;
/// the input schemas that describe the arguments are generated from the live catalog (<c>Mcp/Schemas</c>).
/// The caller is the API key the request came with (<see cref="ClientPrincipal"/>): a key limited to some sources
/// reads only those, as on <c>/data</c>.
/// </summary>
[McpServerToolType]
internal sealed class DataTools(SourceCatalog catalog, TimeProvider time)
{
    [McpServerTool(Name = McpNames.QueryData, Title = "Query data", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.QueryData)]
    public CallToolResult QueryData(RequestContext<CallToolRequestParams> request) =>
        Observed(McpNames.QueryData, request, caller => QueryDataTool.Run(catalog, caller, time.GetUtcNow(), request.Params?.Arguments));

    [McpServerTool(Name = McpNames.AggregateData, Title = "Aggregate data", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.AggregateData)]
    public CallToolResult AggregateData(RequestContext<CallToolRequestParams> request) =>
        Observed(McpNames.AggregateData, request, caller => AggregateDataTool.Run(catalog, caller, time.GetUtcNow(), request.Params?.Arguments));

    [McpServerTool(Name = McpNames.GetRecord, Title = "Get one record", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.GetRecord)]
    public CallToolResult GetRecord(RequestContext<CallToolRequestParams> request) =>
        Observed(McpNames.GetRecord, request, caller => GetRecordTool.Run(catalog, caller, time.GetUtcNow(), request.Params?.Arguments));

    [McpServerTool(Name = McpNames.ListSources, Title = "List data sources", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.ListSources)]
    public CallToolResult ListSources(RequestContext<CallToolRequestParams> request) =>
        Observed(McpNames.ListSources, request, caller => ListSourcesTool.Run(catalog, caller, time.GetUtcNow(), request.Params?.Arguments));

    [McpServerTool(Name = McpNames.DescribeSource, Title = "Describe a data source", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.DescribeSource)]
    public CallToolResult DescribeSource(RequestContext<CallToolRequestParams> request) =>
        Observed(McpNames.DescribeSource, request, caller => DescribeSourceTool.Run(catalog, caller, time.GetUtcNow(), request.Params?.Arguments));

    /// <summary>Runs one tool call under its span and counters (<see cref="ToolCallTelemetry"/>).</summary>
    private static CallToolResult Observed(string tool, RequestContext<CallToolRequestParams> request, Func<ClientIdentity?, CallToolResult> run)
    {
        var caller = ClientPrincipal.IdentityOf(request.User);
        using var call = ToolCallTelemetry.Start(tool, ToolCallTelemetry.SourceOf(request.Params?.Arguments), caller?.KeyId, ToolSurface.Mcp);
        var result = run(caller);
        call.Complete(result.IsError == true);
        return result;
    }
}
