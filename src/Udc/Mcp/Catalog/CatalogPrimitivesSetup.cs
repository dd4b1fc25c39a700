using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace Udc.Mcp.Catalog;

/// <summary>
/// Puts the catalog-backed collections into the server options. It runs after the SDK's own setup, which
/// gathers the tools into a plain collection; the stateless HTTP transport builds options per request, so this
/// only assigns the shared collections and never rebuilds them.
/// </summary>
internal sealed class CatalogPrimitivesSetup(CatalogPrimitives primitives) : IPostConfigureOptions<McpServerOptions>
{
    public void PostConfigure(string? name, McpServerOptions options)
    {
        options.ToolCollection = primitives.Tools;
        options.ResourceCollection = primitives.Resources;
    }
}
