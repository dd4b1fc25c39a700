using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Engine.Catalog;

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
        QueryDataTool.Run(catalog, ClientPrincipal.IdentityOf(request.User), time.GetUtcNow(), request.Params?.Arguments);

    [McpServerTool(Name = McpNames.AggregateData, Title = "Aggregate data", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.AggregateData)]
    public CallToolResult AggregateData(RequestContext<CallToolRequestParams> request) =>
        AggregateDataTool.Run(catalog, ClientPrincipal.IdentityOf(request.User), time.GetUtcNow(), request.Params?.Arguments);

    [McpServerTool(Name = McpNames.GetRecord, Title = "Get one record", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.GetRecord)]
    public CallToolResult GetRecord(RequestContext<CallToolRequestParams> request) =>
        GetRecordTool.Run(catalog, ClientPrincipal.IdentityOf(request.User), time.GetUtcNow(), request.Params?.Arguments);

    [McpServerTool(Name = McpNames.ListSources, Title = "List data sources", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.ListSources)]
    public CallToolResult ListSources(RequestContext<CallToolRequestParams> request) =>
        ListSourcesTool.Run(catalog, ClientPrincipal.IdentityOf(request.User), time.GetUtcNow(), request.Params?.Arguments);

    [McpServerTool(Name = McpNames.DescribeSource, Title = "Describe a data source", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description(ToolDescriptions.DescribeSource)]
    public CallToolResult DescribeSource(RequestContext<CallToolRequestParams> request) =>
        DescribeSourceTool.Run(catalog, ClientPrincipal.IdentityOf(request.User), time.GetUtcNow(), request.Params?.Arguments);
}
