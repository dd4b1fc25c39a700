using ModelContextProtocol.Server;

namespace Udc.Mcp.Catalog;

/// <summary>
/// The server's tool collection. The SDK sends <c>notifications/tools/list_changed</c> to every session that
/// can receive it when a collection raises <c>Changed</c>; the tools here never come and go, their schemas do,
/// so this collection raises it on demand.
/// </summary>
internal sealed class CatalogToolCollection : McpServerPrimitiveCollection<McpServerTool>
{
    public void NotifyChanged() => RaiseChanged();
}
