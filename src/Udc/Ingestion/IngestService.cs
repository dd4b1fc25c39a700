using System.Collections.Frozen;
using System.Diagnostics;
using Udc.Background;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Loading;
using Udc.Engine.Patching;
using Udc.Ingestion.Connectors;
using Udc.Ingestion.Fetching;
using Udc.Ingestion.Running;
using Udc.Ingestion.Storage;
using Udc.Outbound;
using Udc.Redis;

namespace Udc.Ingestion;

/// <summary>
/// The connectors of this process: each one's source (its stored records, published at start), its client, and
/// its runs. Committed records reach the source as a patch, the cache is invalidated, and other replicas get the
/// same records over the bus, as webhook changes travel.
/// </summary>
internal sealed partial class IngestService : IDisposable
{
    private readonly IngestSettings _settings;
    private readonly IngestStore _store;
    private readonly ConnectorRunner _runner;
    private readonly SourceCatalog _catalog;
    private readonly ResponseCache _cache;
    private readonly RedisBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestService> _logger;
    private readonly WorkQueue _queue;
    private readonly LeaseStore _leases;
    private readonly BackgroundSettings _background;
    private readonly FrozenDictionary<string, ConnectorHandle> _connectors;

    /// <summary>Set once the stored records are served: a run left queued by the last process waits for it, so its pages patch a loaded source.</summary>
    private readonly TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IngestService(IngestSettings settings, IngestStore store, ConnectorRunner runner, SourceCatalog catalog, ResponseCache cache, RedisBus bus,
        WorkQueue queue, LeaseStore leases, OutboundTargets targets, BackgroundSettings background, TimeProvider time, ILogger<IngestService> logger,
        ILogger<SameOriginRedirects> redirects)
    {
        _queue = queue;
        _leases = leases;
        _background = background;
        _settings = settings;
        _store = store;
        _runner = runner;
        _catalog = catalog;
        _cache = cache;
        _bus = bus;
        _time = time;
        _logger = logger;
        _connectors = settings.Connectors.Connectors.ToFrozenDictionary(c => c.Name, c =>
        {
            var client = OutboundHttp.CreateClient(c.Timeout, c.Addresses, redirects);
            var upstream = new UpstreamClient(c, client, targets, settings.FaultFor(c.Name));
            targets.Configure(upstream.Target, new TargetLimits(c.RequestsPerSecond));
            return new ConnectorHandle(c, SourceDefinitionOf(c, catalog.Options.DataDirectory), client, upstream);
        }, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ConnectorDefinition> Connectors => [.. _connectors.Values.Select(h => h.Connector).OrderBy(c => c.Name, StringComparer.Ordinal)];

    public IReadOnlyList<ConnectorProblem> Problems => _settings.Connectors.Problems;

    public IngestStore Store => _store;

    public bool TryGet(string name, out ConnectorDefinition connector)
    {
        var found = _connectors.TryGetValue(name, out var handle);
        connector = handle?.Connector!;
        return found;
    }

    /// <summary>The run in progress in this process, if any; the run table says so for every process.</summary>
    public long? RunningRunId(string name) => _connectors.TryGetValue(name, out var handle) && Volatile.Read(ref handle.RunningRunId) is > 0 and var id ? id : null;

    /// <summary>Publishes every connector's stored records as its source; problems in the file are logged, one line each.</summary>
    public void PublishStored()
    {
        foreach (var problem in Problems)
        {
            LogProblem(_logger, problem.Message);
        }
        foreach (var handle in _connectors.Values)
        {
            var started = Stopwatch.GetTimestamp();
            var name = handle.Connector.Name;
            if (_catalog.TryGet(name, out var existing) && existing.Definition.Format != SourceFormat.Ingested)
            {
                LogShadowed(_logger, name, existing.Definition.FileName);
            }
            var records = _store.LoadRecords(name);
            var table = records.Count == 0
                ? new Table([], 0, false)
                : TablePatcher.ReadRecords([.. records.Select(r => new RecordChange(RecordChangeKind.Upsert, r))], handle.Source.FileName);
            var (_, sequence) = _store.LoadCheckpoint(name);
            var freshAt = _store.Totals(name).LastSuccessAt ?? Freshness.Never;
            _catalog.PublishIngested(handle.Source, table, freshAt, ContentTag.ForIngested(handle.Source, sequence, freshAt), Stopwatch.GetElapsedTime(started));
        }
        _published.TrySetResult();
    }

    public void Dispose()
    {
        foreach (var handle in _connectors.Values)
        {
            handle.Client.Dispose();
        }
    }

    private static SourceDefinition SourceDefinitionOf(ConnectorDefinition connector, string dataDirectory) =>
        new(connector.Name, Path.Combine(Udc.Storage.StateDirectory.For(dataDirectory), "ingest", connector.Name), SourceFormat.Ingested,
            connector.IdColumn, connector.TimeColumn, connector.Noun);

    /// <summary>One connector's parts, and the run it has in progress in this process (0: none).</summary>
    private sealed class ConnectorHandle(ConnectorDefinition connector, SourceDefinition source, HttpClient client, UpstreamClient upstream)
    {
        public long RunningRunId;

        public ConnectorDefinition Connector { get; } = connector;

        public SourceDefinition Source { get; } = source;

        public HttpClient Client { get; } = client;

        public UpstreamClient Upstream { get; } = upstream;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector not started: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} takes the source name of file {File}, which is not served while the connector is configured")]
    private static partial void LogShadowed(ILogger logger, string connector, string file);
}
