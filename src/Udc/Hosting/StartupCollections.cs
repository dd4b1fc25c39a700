using System.Runtime;

namespace Udc.Hosting;

/// <summary>
/// No garbage collection while the server starts. Starting allocates about 10 MB (most of it the dependency-injection
/// container's reflection in a Native AOT binary), nearly all of it still alive when the server listens: each
/// collection before then is a pause that frees little (bench/RESULTS.md, "Start-up without unpacking"). Collections
/// resume once the server listens, before any source loads.
/// </summary>
internal static class StartupCollections
{
    /// <summary>Room for everything allocated before listening, with margin; past it the runtime simply collects.</summary>
    private const long Budget = 64L * 1024 * 1024;

    public static void Pause()
    {
        try
        {
            GC.TryStartNoGCRegion(Budget);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A budget the runtime cannot hold, or a region already open: the start collects as usual.
        }
    }

    public static void Resume()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The region ended on its own (the budget was used up or something collected): nothing to end.
            }
        }
    }
}
