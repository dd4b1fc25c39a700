using Udc.Hosting;

namespace Udc.Background;

/// <summary>How the background worker runs (<see cref="WorkerService"/>).</summary>
/// <param name="Workers"><c>UDC_WORKERS</c> (default 4): items run at once in this process. Background work waits on
/// vendors and feeds, not on the CPU, so a few more than the 2 cores UDC is sized for keeps them busy.</param>
/// <param name="LeaseTime"><c>UDC_WORK_LEASE_SECONDS</c> (default 30): how long a claimed item is held without a renewal.
/// A live worker renews every third of it; a worker killed mid-item loses it to another worker after at most this long.</param>
/// <param name="PollInterval"><c>UDC_WORK_POLL_MS</c> (default 500): how often the queue table is read for items that
/// came due (retries, schedules, a dead worker's items). One indexed read, well under a millisecond.</param>
internal sealed record BackgroundSettings(int Workers, TimeSpan LeaseTime, TimeSpan PollInterval)
{
    public static BackgroundSettings Read(SettingsReader reader) => new(
        reader.Int("UDC_WORKERS", 4, 1, 256),
        reader.Seconds("UDC_WORK_LEASE_SECONDS", TimeSpan.FromSeconds(30), 3600),
        TimeSpan.FromMilliseconds(reader.Int("UDC_WORK_POLL_MS", 500, 10, 60_000)));
}
