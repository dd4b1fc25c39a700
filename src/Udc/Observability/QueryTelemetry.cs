using System.Diagnostics;

namespace Udc.Observability;

/// <summary>
/// The span of one engine query: <c>query {kind} {source}</c> with the cache's answer (<c>hit</c>, <c>miss</c>,
/// <c>off</c>) and, when the engine ran, how many rows it scanned, matched and returned. The engine reports its
/// rows to whichever UDC span is current: this one for <c>/data</c>, the tool's span for a tool call.
/// </summary>
internal static class QueryTelemetry
{
    public static Activity? Start(string kind, string source)
    {
        var activity = UdcTelemetry.Source.StartActivity("query " + kind + " " + source, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SemanticNames.UdcQueryKind, kind);
            activity.SetTag(SemanticNames.UdcSource, source);
        }
        return activity;
    }

    public static void CacheStatus(Activity? activity, string status)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SemanticNames.UdcCacheStatus, status);
        }
    }

    /// <summary>The cache's answer on whichever UDC span is current (a tool call's, for the tool runner's cache).</summary>
    public static void CacheStatus(string status) => CacheStatus(Current, status);

    /// <summary>
    /// Called by the engine after a pass over a snapshot: the rows go to the request's ledger (audit and quota) and, when
    /// traced, to the span.
    /// </summary>
    public static void Rows(long scanned, long matched, long returned)
    {
        Audit.ReadLedger.Current?.AddRows(scanned, returned);
        if (Current is { } activity)
        {
            activity.SetTag(SemanticNames.UdcRowsScanned, scanned);
            activity.SetTag(SemanticNames.UdcRowsMatched, matched);
            activity.SetTag(SemanticNames.UdcRowsReturned, returned);
        }
    }

    /// <summary>The current span when it is one of UDC's and recorded; never ASP.NET Core's request activity, which exists even untraced.</summary>
    private static Activity? Current =>
        Activity.Current is { IsAllDataRequested: true } activity && ReferenceEquals(activity.Source, UdcTelemetry.Source) ? activity : null;
}
