using System.Runtime.CompilerServices;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.RateLimiting;
using Udc.Tools;
using Udc.Tools.Schema;

namespace Udc.Mcp.Catalog;

/// <summary>
/// Keeps the MCP tools and resources in step with the catalog. The tools are UDC's one tool set: whenever it is
/// rebuilt and a schema changed, sessions are told (tools list_changed). The per-source resources are added and
/// removed, and re-announced (resources list_changed), since each carries the source's freshness. Rebuilding
/// happens off the request path, so tools/list only reads.
/// </summary>
internal sealed partial class CatalogPrimitives : IDisposable
{
    private readonly SourceCatalog _catalog;
    private readonly ToolCatalog _toolCatalog;
    private readonly TimeProvider _time;
    private readonly ILogger<CatalogPrimitives> _logger;
    private readonly Lock _gate = new();

    /// <summary>Each tool set's protocol descriptions, made once per set (and per restricted key's set).</summary>
    private readonly ConditionalWeakTable<ToolSet, Dictionary<string, Tool>> _described = new();
    private Dictionary<string, Tool> _listed = new(StringComparer.Ordinal);

    public CatalogPrimitives(SourceCatalog catalog, ToolCatalog tools, ToolRunner runner, TimeProvider time, ILogger<CatalogPrimitives> logger)
    {
        _catalog = catalog;
        _toolCatalog = tools;
        _time = time;
        _logger = logger;
        _listed = DescriptionsOf(tools.Current);
        foreach (var name in ToolNames.All)
        {
            Tools.Add(new CatalogTool(name, this, runner));
        }
        Resources.Add(new SourceResourceTemplate(tools.Sources, time));
        // Subscribed before the first sync, under the same lock: a load that lands in between is not missed.
        lock (_gate)
        {
            catalog.SourceChanged += OnSourceChanged;
            tools.Changed += OnToolsChanged;
            _listed = DescriptionsOf(tools.Current);
            foreach (var state in catalog.Sources)
            {
                SyncResource(state.Name);
            }
        }
    }

    public CatalogToolCollection Tools { get; } = [];

    public McpServerResourceCollection Resources { get; } = [];

    /// <summary>The protocol description of a tool, from the current tool set.</summary>
    public Tool Describe(string name) => _listed[name];

    /// <summary>The tools <paramref name="caller"/> may use: a key limited to some sources gets schemas of those only.</summary>
    public ToolSet ToolsFor(ClientIdentity? caller) => _toolCatalog.For(caller);

    /// <summary>The listed tools as <paramref name="caller"/>'s own tool set describes them.</summary>
    public IList<Tool> DescribeFor(ClientIdentity caller)
    {
        var descriptions = _described.GetValue(ToolsFor(caller), DescriptionsOf);
        return [.. ToolNames.All.Select(name => descriptions[name])];
    }

    /// <summary>
    /// Where calls without a key are counted for rate limits: the client's address over HTTP, one partition for the
    /// one client of <c>udc mcp</c>.
    /// </summary>
    public string AnonymousPartition(IServiceProvider? services) =>
        services?.GetService<IHttpContextAccessor>()?.HttpContext is { } http ? "ip:" + ClientAddress.Of(http) : Stdio.StdioGovernance.Caller;

    public void Dispose()
    {
        _catalog.SourceChanged -= OnSourceChanged;
        _toolCatalog.Changed -= OnToolsChanged;
    }

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
                SyncResource(state.Name);
            }
            catch (Exception e)
            {
                LogSyncFailed(_logger, e, state.Name);
            }
        }
    }

    /// <summary>A new tool set: sessions hear of it when a description changed.</summary>
    private void OnToolsChanged(ToolSet set)
    {
        lock (_gate)
        {
            var listed = DescriptionsOf(set);
            var changed = listed.Any(t => !_listed.TryGetValue(t.Key, out var old) || !SameSchema(old, t.Value));
            _listed = listed;
            if (changed)
            {
                LogToolSchemasChanged(_logger, set.States.Count);
                Tools.NotifyChanged();
            }
        }
    }

    /// <summary>
    /// Every source has a resource: after a source changed, its resource is replaced when it no longer describes the
    /// version the catalog serves (so clients hear that it changed), and removed with the source. Reads during the
    /// swap still succeed through the <c>udc://sources/{name}</c> template. A change costs one source's work, not a
    /// pass over every source: a first load publishes each source twice, and a folder of 100 files spent a fifth of
    /// its start in those passes.
    /// </summary>
    private void SyncResource(string name)
    {
        using var batch = Resources.DeferChangedEvents();
        if (Resources.TryGetPrimitive(SourceResource.UriFor(name), out var primitive) && primitive is SourceResource resource)
        {
            if (resource.Describes(_catalog))
            {
                return;
            }
            Resources.Remove(resource);
        }
        if (_catalog.TryGet(name, out var state))
        {
            Resources.Add(new SourceResource(state, _toolCatalog.Sources, _time));
        }
    }

    private static Dictionary<string, Tool> DescriptionsOf(ToolSet set) => set.Definitions.ToDictionary(d => d.Name, d => new Tool
    {
        Name = d.Name,
        Title = d.Title,
        Description = d.Description,
        InputSchema = d.SchemaFor(SchemaProfile.Mcp),
        OutputSchema = d.OutputSchema,
        // Every UDC tool reads and never writes: clients may call it without asking, and again.
        Annotations = new ToolAnnotations { Title = d.Title, ReadOnlyHint = d.ReadOnly, DestructiveHint = false, IdempotentHint = d.ReadOnly, OpenWorldHint = false },
    }, StringComparer.Ordinal);

    private static bool SameSchema(Tool a, Tool b) => a.InputSchema.GetRawText() == b.InputSchema.GetRawText();

    [LoggerMessage(Level = LogLevel.Error, Message = "MCP resources not updated after source {Source} changed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP tool schemas rebuilt for {Sources} sources; list_changed sent to sessions")]
    private static partial void LogToolSchemasChanged(ILogger logger, int sources);
}
