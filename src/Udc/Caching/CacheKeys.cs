using System.Text;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;

namespace Udc.Caching;

/// <summary>
/// A response's cache key: its kind and path, the content tag of every snapshot it reads, the generation of those
/// sources, and the query normalised (parameters sorted, values in order, lengths prefixed so no two
/// different queries can collide). Null when the response is not cacheable.
/// </summary>
internal static class CacheKeys
{
    public static string? For(CacheKind kind, HttpContext context, SourceCatalog catalog, ResponseCache cache, out string source, out string? contentTag)
    {
        source = "";
        contentTag = null;
        var request = context.Request;
        if (kind == CacheKind.Page && request.Query.ContainsKey(QueryParameters.Stream))
        {
            return null;
        }
        // A version number is this process's own count, and as_of depends on the clock: neither names the same data
        // on every replica, so a shared cache must not key on them.
        if (request.Query.ContainsKey(QueryParameters.Version) || request.Query.ContainsKey(QueryParameters.AsOf))
        {
            return null;
        }
        // The path too: routes of one kind (/sources and /quality; latest, trend, anomalies and forecast) answer the
        // same sources and query with different bodies.
        var key = new StringBuilder(128).Append((int)kind).Append('\n');
        AppendPart(key, request.Path.Value ?? "");
        // Callers under different row or column policies get different answers from the same query: never one another's.
        key.Append(SourceAccess.IdentityOf(context)?.Policy?.Fingerprint ?? "-").Append('\n');
        if (kind == CacheKind.SourceList)
        {
            var identity = SourceAccess.IdentityOf(context);
            key.Append(identity?.Sources is { } allowed ? string.Join(',', allowed.Order(StringComparer.Ordinal)) : "*").Append('\n');
            foreach (var state in catalog.Sources)
            {
                // A load's progress changes by the millisecond: nothing that shows it is cached.
                if (state.IsLoading)
                {
                    return null;
                }
                AppendState(key, state, cache);
            }
            foreach (var refused in catalog.RefusedFiles)
            {
                AppendPart(key, refused.FileName);
                AppendPart(key, refused.Reason);
            }
            key.Append(cache.GenerationOf(ResponseCache.AllSources)).Append('\n');
        }
        else
        {
            if (request.RouteValues["source"] is not string name || !catalog.TryGet(name, out var state))
            {
                return null;
            }
            if (state.Snapshot is null && (kind != CacheKind.Source || state.IsLoading))
            {
                return null;
            }
            source = name;
            contentTag = state.Snapshot?.ContentTag;
            AppendState(key, state, cache);
            if (request.RouteValues["id"] is string id)
            {
                AppendPart(key, id);
            }
        }
        foreach (var (name, values) in request.Query.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            AppendPart(key, name);
            key.Append(values.Count).Append(':');
            foreach (var value in values)
            {
                AppendPart(key, value ?? "");
            }
        }
        return key.ToString();
    }

    /// <summary>True while the source still serves the snapshot the key was made for.</summary>
    /// <summary>A view under a caller's policy (<see cref="Engine.Policies.PolicyViews"/>) is current while its source's snapshot is.</summary>
    public static bool IsCurrent(SourceCatalog catalog, string source, string? contentTag) =>
        source.Length == 0 || catalog.TryGet(source, out var state) && (state.Snapshot?.ContentTag == contentTag
            || state.Snapshot?.ContentTag is { } live && contentTag is not null && contentTag.Length > live.Length
                && contentTag.StartsWith(live, StringComparison.Ordinal) && contentTag[live.Length] == Engine.Policies.PolicyViews.PolicyTagSeparator);

    private static void AppendState(StringBuilder key, SourceState state, ResponseCache cache)
    {
        AppendPart(key, state.Name);
        key.Append(state.Snapshot?.ContentTag ?? "-").Append('/')
            .Append(state.Status).Append('/')
            .Append(state.LastFailure?.At.ToUnixTimeMilliseconds() ?? 0).Append('/')
            .Append(cache.GenerationOf(state.Name)).Append('\n');
    }

    private static void AppendPart(StringBuilder key, string part) => key.Append(part.Length).Append(':').Append(part);
}
