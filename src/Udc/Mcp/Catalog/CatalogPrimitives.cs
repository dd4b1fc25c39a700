using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Mcp.Schemas;
using Udc.Mcp.Tools;

namespace Udc.Mcp.Catalog;

/// <summary>
/// Keeps the MCP tools and resources in step with the source catalog. On every load, reload or removal it
/// rebuilds the tools' input schemas, and when they changed tells the sessions (tools list_changed); it adds
/// and removes the per-source resources and re-announces them (resources list_changed), since each carries the
/// source's freshness. Rebuilding happens here, off the request path, so tools/list only reads.
/// </summary>
internal sealed partial class CatalogPrimitives : IDisposable
{
    private readonly SourceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<CatalogPrimitives> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, Tool> _tools = new(StringComparer.Ordinal);

    public CatalogPrimitives(SourceCatalog catalog, TimeProvider time, IEnumerable<McpServerTool> declaredTools, ILogger<CatalogPrimitives> logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
        foreach (var tool in declaredTools)
        {
            Tools.Add(new CatalogTool(tool, this));
        }
        Resources.Add(new SourceResourceTemplate(catalog, time));
        // Subscribed before the first sync, under the same lock: a load that lands in between is not missed.
        lock (_gate)
        {
            catalog.SourceChanged += OnSourceChanged;
            Sync();
        }
    }

    public CatalogToolCollection Tools { get; } = [];

    public McpServerResourceCollection Resources { get; } = [];

    /// <summary>The protocol description of a declared tool, with the current catalog's input schema.</summary>
    public Tool Describe(Tool declared) => _tools.TryGetValue(declared.Name, out var tool) ? tool : declared;

    /// <summary>
    /// The listed tools with input schemas built from only the sources <paramref name="caller"/> may read. Built
    /// per tools/list: a client lists tools once per session (and again on list_changed), so a cache would save little.
    /// </summary>
    public IList<Tool> DescribeFor(ClientIdentity caller, IList<Tool> listed)
    {
        var schemas = InputSchemas.Build(ToolSources.Readable(_catalog, caller).ToList());
        return [.. listed.Select(tool => schemas.TryGetValue(tool.Name, out var schema) ? WithSchemas(tool, schema) : tool)];
    }

    public void Dispose() => _catalog.SourceChanged -= OnSourceChanged;

    /// <summary>
    /// Runs inside the catalog's reload; a failure here is logged and kept here, so MCP trouble never stops
    /// a data file from loading or /data from serving it.
    /// </summary>
    private void OnSourceChanged(SourceState state)
    {
        lock (_gate)
        {
            try
            {
                Sync();
            }
            catch (Exception e)
            {
                LogSyncFailed(_logger, e, state.Name);
            }
        }
    }

    private void Sync()
    {
        var states = _catalog.Sources;
        var schemas = InputSchemas.Build(states);
        var tools = Tools.Select(t => ((CatalogTool)t).Declared).ToDictionary(t => t.Name, t => WithSchemas(t, schemas[t.Name]), StringComparer.Ordinal);
        var changed = tools.Count != _tools.Count || tools.Any(t => !_tools.TryGetValue(t.Key, out var old) || !SameSchema(old, t.Value));
        _tools = tools;
        if (changed)
        {
            LogToolSchemasChanged(_logger, states.Count);
            Tools.NotifyChanged();
        }
        SyncResources(states);
    }

    /// <summary>
    /// Every source has a resource; a source that loaded again is replaced, so clients hear that it changed.
    /// Reads during the swap still succeed through the <c>udc://sources/{name}</c> template.
    /// </summary>
    private void SyncResources(IReadOnlyCollection<SourceState> states)
    {
        using var batch = Resources.DeferChangedEvents();
        var names = states.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var resource in Resources.OfType<SourceResource>().ToList())
        {
            if (!names.Contains(resource.SourceName) || !resource.Describes(_catalog))
            {
                Resources.Remove(resource);
            }
        }
        foreach (var state in states)
        {
            if (!Resources.TryGetPrimitive(SourceResource.UriFor(state.Name), out _))
            {
                Resources.Add(new SourceResource(state, _catalog, _time));
            }
        }
    }

    private static Tool WithSchemas(Tool declared, JsonElement inputSchema) => new()
    {
        Name = declared.Name,
        Title = declared.Title,
        Description = declared.Description,
        InputSchema = inputSchema,
        OutputSchema = OutputSchemas.For(declared.Name),
        Annotations = declared.Annotations,
        Icons = declared.Icons,
        Meta = declared.Meta,
    };

    private static bool SameSchema(Tool a, Tool b) => a.InputSchema.GetRawText() == b.InputSchema.GetRawText();

    [LoggerMessage(Level = LogLevel.Error, Message = "MCP tools and resources not updated after source {Source} changed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP tool schemas rebuilt for {Sources} sources; list_changed sent to sessions")]
    private static partial void LogToolSchemasChanged(ILogger logger, int sources);
}
