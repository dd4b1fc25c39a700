using Udc.Hosting;

namespace Udc.Audit;

/// <param name="Enabled"><c>AUDIT_ENABLED</c>, default true: every read by a client is recorded.</param>
/// <param name="Retention"><c>AUDIT_RETENTION_DAYS</c>, default 90: older events are deleted hourly.</param>
/// <param name="FlushInterval"><c>AUDIT_FLUSH_MS</c>, default 1,000: events are written in one transaction at most this often.</param>
/// <param name="UnauthorizedPerMinute">
/// <c>AUDIT_UNAUTHORIZED_PER_MINUTE</c>, default 60: refusals before authentication (a bad or missing key) recorded per
/// minute across the server; the rest are only counted, so a flood of bad keys cannot fill the database.
/// </param>
internal sealed record AuditSettings(bool Enabled, TimeSpan Retention, TimeSpan FlushInterval, int UnauthorizedPerMinute)
{
    /// <summary>
    /// Refusals before authentication are kept 7 days whatever the retention: with 60 a minute at most that is
    /// 604,800 events (~120 MB), however long a flood lasts.
    /// </summary>
    public static readonly TimeSpan UnauthorizedRetention = TimeSpan.FromDays(7);

    /// <summary>90 days answers "who read this last quarter" at ~200 bytes an event.</summary>
    public const int DefaultRetentionDays = 90;

    public static AuditSettings Read(SettingsReader reader) => new(
        reader.Bool("AUDIT_ENABLED", true),
        TimeSpan.FromDays(reader.Int("AUDIT_RETENTION_DAYS", DefaultRetentionDays, 1, 3_650)),
        TimeSpan.FromMilliseconds(reader.Int("AUDIT_FLUSH_MS", 1_000, 1, 60_000)),
        reader.Int("AUDIT_UNAUTHORIZED_PER_MINUTE", 60, 0, 100_000));
}
