namespace Udc.Caching;

/// <summary>The kinds of cacheable response; each builds its key from what its body depends on.</summary>
internal enum CacheKind
{
    /// <summary><c>GET /data/{source}</c> (not NDJSON streams: unbounded, and written progressively).</summary>
    Page,

    /// <summary><c>GET /data/{source}/aggregate</c>.</summary>
    Aggregate,

    /// <summary><c>GET /data/{source}/{id}</c>.</summary>
    Record,

    /// <summary><c>GET /sources/{source}</c>.</summary>
    Source,

    /// <summary><c>GET /sources</c>: depends on every source and on the caller's allow-list.</summary>
    SourceList,

    /// <summary>A tool's result (MCP and the assistant's model calls): depends on its source and arguments.</summary>
    Tool,

    /// <summary><c>GET /analytics/{source}/…</c>: trends, anomalies, forecasts and latest values.</summary>
    Analytics,

    /// <summary><c>GET /quality/{source}</c>.</summary>
    Quality,
}
