using System.Diagnostics.Metrics;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Redis;
using Udc.Webhooks;

namespace Udc.Observability;

/// <summary>
/// The state UDC already keeps (sources, cache, Redis, the bus, webhook retention) read as observable
/// instruments at each scrape: nothing is counted twice and nothing costs anything between scrapes. The meter
/// belongs to the host (<see cref="IMeterFactory"/>), so its callbacks end with it.
/// </summary>
internal sealed class UdcMetrics
{
    /// <summary>Redis's states, each reported as 1 when current and 0 otherwise (a state set).</summary>
    private static readonly string[] s_redisStates = ["off", "connected", "disconnected", "circuit_open"];

    public UdcMetrics(IMeterFactory meters, SourceCatalog catalog, TimeProvider time, ResponseCache cache, RedisConnection redis, RedisBus bus, WebhookPruner pruner)
    {
        var meter = meters.Create(UdcTelemetry.Name + ".State", UdcTelemetry.Meter.Version);
        meter.CreateObservableGauge("udc.source.rows", () => PerSource(catalog, s => s.Snapshot?.RowCount), "{row}", "Rows in the snapshot each source serves.");
        meter.CreateObservableGauge("udc.source.snapshot.age", () => PerSource(catalog, s => s.Snapshot is { } snapshot ? (time.GetUtcNow() - snapshot.LoadedAt).TotalSeconds : null),
            "s", "Time since each source's snapshot was loaded.");
        meter.CreateObservableGauge("udc.source.snapshot.version", () => PerSource(catalog, s => s.Snapshot?.Version), "{version}",
            "Each source's snapshot version: it goes up with every load, reload and applied change.");
        meter.CreateObservableGauge("udc.source.load.duration", () => PerSource(catalog, s => s.Snapshot?.LoadDuration.TotalSeconds), "s",
            "How long the current snapshot of each source took to load.");
        meter.CreateObservableGauge("udc.source.ready", () => catalog.Sources.Select(s =>
            new Measurement<int>(s.IsReady ? 1 : 0, new("source", s.Name), new("status", s.Status))), "1", "1 while a source serves a snapshot; its status says whether the last reload failed.");

        var counters = cache.Counters;
        meter.CreateObservableCounter("udc.cache.hits", () => new[]
        {
            new Measurement<long>(counters.MemoryHits, new KeyValuePair<string, object?>("tier", "memory")),
            new Measurement<long>(counters.RedisHits, new KeyValuePair<string, object?>("tier", "redis")),
        }, "{lookup}", "Responses served from the cache.");
        meter.CreateObservableCounter("udc.cache.misses", () => counters.Misses, "{lookup}", "Cacheable requests the cache could not answer.");
        meter.CreateObservableCounter("udc.cache.not_modified", () => counters.NotModified, "{response}", "304 answers to If-None-Match.");
        meter.CreateObservableGauge("udc.cache.memory.entries", () => cache.Memory.Count, "{entry}", "Entries in the memory tier.");
        meter.CreateObservableGauge("udc.cache.memory.size", () => cache.Memory.Bytes, "By", "Bytes held by the memory tier.");

        meter.CreateObservableGauge("udc.redis.status", () => s_redisStates.Select(state =>
            new Measurement<int>(redis.Status == state ? 1 : 0, new KeyValuePair<string, object?>("status", state))), "1", "Redis's state: 1 for the current one.");
        meter.CreateObservableCounter("udc.redis.circuit.trips", () => (long)redis.CircuitTrips, "{trip}", "Times the circuit breaker opened.");
        meter.CreateObservableGauge("udc.bus.subscribed", () => bus.IsSubscribed ? 1 : 0, "1", "1 while subscribed to the bus between replicas.");
        meter.CreateObservableCounter("udc.bus.messages", () => new[]
        {
            new Measurement<long>(bus.Applied, new KeyValuePair<string, object?>("kind", "applied")),
            new Measurement<long>(bus.Replayed, new KeyValuePair<string, object?>("kind", "replayed")),
            new Measurement<long>(bus.Duplicates, new KeyValuePair<string, object?>("kind", "duplicate")),
        }, "{message}", "Messages from other replicas: applied (replayed ones included), replayed from the log, and duplicates recognised.");
        meter.CreateObservableGauge("udc.bus.outbox", () => bus.OutboxCount, "{message}", "Messages waiting for Redis.");
        meter.CreateObservableCounter("udc.bus.outbox.dropped", () => bus.OutboxDropped, "{message}", "Messages dropped from a full outbox.");

        meter.CreateObservableCounter("udc.webhooks.pruned", () => pruner.Pruned, "{event}", "Webhook events deleted by retention since start.");
    }

    private static IEnumerable<Measurement<double>> PerSource(SourceCatalog catalog, Func<SourceState, double?> value)
    {
        foreach (var state in catalog.Sources)
        {
            if (value(state) is { } measured)
            {
                yield return new Measurement<double>(measured, new KeyValuePair<string, object?>("source", state.Name));
            }
        }
    }
}
