using Udc.Hosting;

namespace Udc.Audit;

/// <param name="Default"><c>REQUEST_DEADLINE_MS</c>, default 30,000: how long a client's request may read before its scans stop.</param>
internal sealed record DeadlineSettings(TimeSpan Default)
{
    /// <summary>30 s: past any scan of the data UDC holds in memory, short of a client's usual timeout (60 s and up).</summary>
    public const int DefaultMilliseconds = 30_000;

    public static DeadlineSettings Read(SettingsReader reader) =>
        new(TimeSpan.FromMilliseconds(reader.Int("REQUEST_DEADLINE_MS", DefaultMilliseconds, 1, 3_600_000)));
}
