using Udc.Engine.Versions;
using Udc.Hosting;

namespace Udc.Features.Analytics;

/// <summary>Settings of time travel and the live metrics stream, read once at start.</summary>
/// <param name="MaxStreams">Concurrent <c>/sse/metrics</c> streams (<c>UDC_SSE_MAX_STREAMS</c>); one more gets 503.</param>
/// <param name="Heartbeat">How often an idle stream gets a comment line (<c>UDC_SSE_HEARTBEAT_SECONDS</c>).</param>
internal sealed record AnalyticsSettings(VersionSettings Versions, int MaxStreams, TimeSpan Heartbeat)
{
    public const string MaxStreamsSetting = "UDC_SSE_MAX_STREAMS";
    public const string HeartbeatSetting = "UDC_SSE_HEARTBEAT_SECONDS";

    /// <summary>100 dashboards open at once; each stream holds a connection and a small queue.</summary>
    public const int DefaultMaxStreams = 100;

    /// <summary>15 s: under the 30 to 60 s idle timeouts of common proxies and load balancers.</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);

    public static AnalyticsSettings Default { get; } = new(VersionSettings.Default, DefaultMaxStreams, DefaultHeartbeat);

    public static AnalyticsSettings Read(SettingsReader reader) => new(
        new VersionSettings(
            reader.Int(VersionSettings.MaxVersionsSetting, VersionSettings.DefaultMaxVersions, 1, 1_000),
            reader.Int(VersionSettings.MaxMegabytesSetting, VersionSettings.DefaultMaxMegabytes, 0, 1_048_576) * 1024L * 1024),
        reader.Int(MaxStreamsSetting, DefaultMaxStreams, 1, 10_000),
        reader.Seconds(HeartbeatSetting, DefaultHeartbeat, 3_600));
}
