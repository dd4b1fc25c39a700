using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Udc.Mcp.Catalog;

/// <summary>
/// A tool registered with <c>WithTools&lt;T&gt;()</c>, wrapped so its protocol description carries the input
/// schema of the live catalog. Invocation goes to the declared tool unchanged.
/// </summary>
internal sealed class CatalogTool : DelegatingMcpServerTool
{
    private readonly McpServerTool _declared;
    private readonly CatalogPrimitives _primitives;

    public CatalogTool(McpServerTool declared, CatalogPrimitives primitives) : base(declared)
    {
        _declared = declared;
        _primitives = primitives;
    }

    /// <summary>The description as declared in code: name, title, description and annotations.</summary>
    public Tool Declared => _declared.ProtocolTool;

    public override Tool ProtocolTool => _primitives.Describe(_declared.ProtocolTool);
}
