using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Snapshots;
using Udc.Features.Ingest;
using Udc.Hosting;
using Udc.Ingestion;
using Udc.RateLimiting;
using Udc.Redis;
using Udc.Webhooks;

namespace Udc.Features.Health;

/// <summary>
/// Liveness, readiness (every source loaded) and a summary for people and dashboards. Liveness and readiness
/// are open to probes; the summary names sources, counts rows and shows the data folder, so with keys on it
/// needs a client key (which sees only its own sources) or the admin key.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health");
        health.MapGet("/live", () => new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, "alive");
            writer.WriteEndObject();
        })).WithAccess(AccessPolicy.Public);
        health.MapGet("/ready", Ready).WithAccess(AccessPolicy.Public);
        health.MapGet("/summary", Summary).WithAccess(AccessPolicy.ClientOrAdmin);
        return app;
    }

    /// <summary>
    /// 503 <c>SHUTTING_DOWN</c> while draining, 503 <c>SOURCE_LOADING</c> until the data folder is listed and every
    /// source's first load is done, then 503 <c>SOURCE_NOT_READY</c> while any source has no snapshot to serve; a
    /// failed reload still serves, so it stays ready.
    /// </summary>
    private static IResult Ready(SourceCatalog catalog, ShutdownDrain drain)
    {
        if (drain.IsDraining)
        {
            return ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ShuttingDown, "This replica is shutting down; send requests to another.");
        }
        var sources = catalog.Sources;
        var loading = sources.Where(s => s.IsLoading).ToList();
        if (!catalog.HasDiscovered || loading.Count > 0)
        {
            return SourceLoadingResponse.ForReadiness(loading, sources.Count);
        }
        var failed = sources.Where(s => !s.IsReady).ToList();
        if (failed.Count > 0)
        {
            return ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.SourceNotReady,
                $"{failed.Count} of {catalog.Sources.Count} sources failed to load.",
                [.. failed.Select(s => new ValidationIssue(["source", s.Name], s.LastFailure?.Message ?? "not loaded", "load_error"))]);
        }
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, "ready");
            writer.WriteNumber("sources"u8, catalog.Sources.Count);
            writer.WriteEndObject();
        });
    }

    private static IResult Summary(HttpContext context, SourceCatalog catalog, TimeProvider time, ResponseCache cache, RedisConnection redis, RedisBus bus, RequestRateLimiter limiter, WebhookPruner pruner, IngestService ingestion)
    {
        var now = time.GetUtcNow();
        var sources = catalog.Sources;
        // A key restricted to some sources learns nothing of the others, nor where the files live.
        var restricted = SourceAccess.IdentityOf(context)?.Sources is not null;
        IReadOnlyCollection<SourceState> visible = restricted ? [.. sources.Where(s => SourceAccess.CanRead(context, s.Name))] : sources;
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("service"u8, "udc");
            writer.WriteString("version"u8, UdcVersion.Current);
            // A database source whose database is down keeps its catalog but cannot answer: that is degraded, not ok.
            writer.WriteString("status"u8, sources.All(s => s.IsReady && (s.Definition.Database is null || s.LastFailure is null)) ? "ok" : sources.Any(s => s.IsLoading) || !catalog.HasDiscovered ? "loading" : "degraded");
            writer.WriteString("started_at"u8, catalog.StartedAt);
            writer.WriteNumber("uptime_seconds"u8, Math.Round((now - catalog.StartedAt).TotalSeconds, 3));
            if (!restricted)
            {
                writer.WriteString("data_directory"u8, catalog.Options.DataDirectory);
            }
            writer.WriteStartArray("sources"u8);
            foreach (var state in visible)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, state.Name);
                writer.WriteString("status"u8, state.Status);
                if (state.Snapshot is { } snapshot)
                {
                    writer.WriteNumber("rows"u8, snapshot.RowCount);
                    writer.WriteNumber("snapshot_version"u8, snapshot.Version);
                    writer.WriteString("loaded_at"u8, snapshot.LoadedAt);
                    writer.WriteNumber("snapshot_age_seconds"u8, Math.Round((now - snapshot.LoadedAt).TotalSeconds, 3));
                    writer.WriteNumber("load_ms"u8, Math.Round(snapshot.LoadDuration.TotalMilliseconds, 1));
                    writer.WriteString("loaded_from"u8, snapshot.Origin == LoadOrigin.Snapshot ? "snapshot" : "file");
                    writer.WriteNumber("memory_bytes"u8, snapshot.Table.MemoryBytes);
                }
                writer.WriteString("last_reload_error"u8, state.LastFailure?.Message);
                if (state.LastFailure is { } failure)
                {
                    writer.WriteString("last_reload_error_at"u8, failure.At);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            WriteSnapshots(writer, catalog.Snapshots);
            WriteCache(writer, cache, redis, bus, limiter);
            WriteWebhooks(writer, pruner);
            WriteIngestion(writer, ingestion, context, now);
            writer.WriteEndObject();
        });
    }

    private static void WriteCache(System.Text.Json.Utf8JsonWriter writer, ResponseCache cache, RedisConnection redis, RedisBus bus, RequestRateLimiter limiter)
    {
        var counters = cache.Counters;
        var hits = counters.MemoryHits + counters.RedisHits;
        var lookups = hits + counters.Misses;
        writer.WriteStartObject("cache"u8);
        writer.WriteBoolean("enabled"u8, cache.Settings.Enabled);
        writer.WriteNumber("hits"u8, hits);
        writer.WriteNumber("misses"u8, counters.Misses);
        writer.WriteNumber("memory_hits"u8, counters.MemoryHits);
        writer.WriteNumber("redis_hits"u8, counters.RedisHits);
        writer.WriteNumber("not_modified"u8, counters.NotModified);
        writer.WriteNumber("hit_ratio"u8, lookups == 0 ? 0 : Math.Round((double)hits / lookups, 4));
        writer.WriteNumber("memory_entries"u8, cache.Memory.Count);
        writer.WriteNumber("memory_bytes"u8, cache.Memory.Bytes);
        writer.WriteNumber("ttl_seconds"u8, cache.Settings.Ttl.TotalSeconds);
        writer.WriteEndObject();
        writer.WriteStartObject("redis"u8);
        writer.WriteString("status"u8, redis.Status);
        writer.WriteNumber("circuit_trips"u8, redis.CircuitTrips);
        writer.WriteStartObject("bus"u8);
        writer.WriteBoolean("subscribed"u8, bus.IsSubscribed);
        writer.WriteNumber("applied"u8, bus.Applied);
        writer.WriteNumber("replayed"u8, bus.Replayed);
        writer.WriteNumber("duplicates"u8, bus.Duplicates);
        writer.WriteNumber("outbox"u8, bus.OutboxCount);
        writer.WriteNumber("outbox_dropped"u8, bus.OutboxDropped);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("rate_limits"u8);
        writer.WriteNumber("per_source"u8, limiter.Settings.DefaultLimit);
        writer.WriteNumber("window_seconds"u8, limiter.Settings.WindowSeconds);
        writer.WriteNumber("local_partitions"u8, limiter.LocalPartitions);
        writer.WriteEndObject();
    }

    /// <summary>Per connector the client may read: how long since its last complete run (the lag), and how the last run went.</summary>
    private static void WriteIngestion(System.Text.Json.Utf8JsonWriter writer, IngestService ingestion, HttpContext context, DateTimeOffset now)
    {
        writer.WriteStartArray("ingestion"u8);
        foreach (var connector in ingestion.Connectors.Where(c => SourceAccess.CanRead(context, c.Name)))
        {
            var last = ingestion.Store.RecentRuns(connector.Name, 1).FirstOrDefault();
            writer.WriteStartObject();
            writer.WriteString("connector"u8, connector.Name);
            writer.WriteString("state"u8, ingestion.RunningRunId(connector.Name) is null ? "idle" : "running");
            StatsWriter.WriteLag(writer, ingestion.Store.Totals(connector.Name).LastSuccessAt, now);
            writer.WriteString("last_status"u8, last?.Status);
            writer.WriteNumber("drift"u8, last?.Drift.Count ?? 0);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The snapshot directory: where, how full against its bound, and what became of snapshots since start.</summary>
    private static void WriteSnapshots(System.Text.Json.Utf8JsonWriter writer, SnapshotStore? snapshots)
    {
        writer.WriteStartObject("snapshots"u8);
        writer.WriteBoolean("enabled"u8, snapshots is not null);
        if (snapshots is not null)
        {
            var (files, bytes) = snapshots.Usage();
            writer.WriteString("directory"u8, snapshots.Directory);
            writer.WriteNumber("files"u8, files);
            writer.WriteNumber("bytes"u8, bytes);
            writer.WriteNumber("max_bytes"u8, snapshots.MaxBytes);
            writer.WriteNumber("written"u8, snapshots.Written);
            writer.WriteNumber("restored"u8, snapshots.Restored);
            writer.WriteNumber("rejected"u8, snapshots.Rejected);
            writer.WriteString("last_problem"u8, snapshots.LastProblem);
        }
        writer.WriteEndObject();
    }

    private static void WriteWebhooks(System.Text.Json.Utf8JsonWriter writer, WebhookPruner pruner)
    {
        writer.WriteStartObject("webhooks"u8);
        writer.WriteNumber("retention_days"u8, (int)pruner.Retention.TotalDays);
        writer.WriteNumber("pruned_events"u8, pruner.Pruned);
        if (pruner.LastRunAt is { } lastRun)
        {
            writer.WriteString("last_prune_at"u8, lastRun);
        }
        else
        {
            writer.WriteNull("last_prune_at"u8);
        }
        writer.WriteEndObject();
    }
}
