using System.Runtime.InteropServices;

namespace Udc.Engine.Snapshots;

/// <summary>
/// Maps a new array's pages in one call before it is filled. A freshly allocated large array is untouched memory:
/// filling it from a file faulted in every 4 KB page one trap at a time, which cost more than copying the bytes did.
/// <c>MADV_POPULATE_WRITE</c> (Linux 5.14) makes them all at once, leaving the contents as they are: a start restoring
/// two million rows from their snapshot took 41,600 page faults, and about 10,800 with it (bench/RESULTS.md).
/// </summary>
internal static partial class FreshPages
{
    private const int MadvisePopulateWrite = 23;
    private const int MadviseHugePage = 14;
    private const int PageBytes = 4096;
    private const nuint HugePageBytes = 2 * 1024 * 1024;

    /// <summary>An older kernel answers EINVAL: asked once, then never again.</summary>
    private static bool s_unsupported = !OperatingSystem.IsLinux();

    /// <summary>Maps the pages lying wholly inside <paramref name="memory"/>; its contents do not change.</summary>
    public static unsafe void Populate(Span<byte> memory)
    {
        if (s_unsupported)
        {
            return;
        }
        fixed (byte* start = memory)
        {
            var first = ((nuint)start + PageBytes - 1) & ~(nuint)(PageBytes - 1);
            var end = ((nuint)start + (nuint)memory.Length) & ~(nuint)(PageBytes - 1);
            if (end > first && Advise((nint)first, end - first, MadvisePopulateWrite) != 0)
            {
                s_unsupported = true;
            }
        }
    }

    /// <summary>
    /// Asks for 2 MB pages over the part of <paramref name="memory"/> aligned to them, before it is populated: one
    /// fault per 2 MB instead of 512. Where transparent huge pages are off, nothing changes.
    /// </summary>
    public static unsafe void PreferHugePages(Span<byte> memory)
    {
        if (s_unsupported)
        {
            return;
        }
        fixed (byte* start = memory)
        {
            var first = ((nuint)start + HugePageBytes - 1) & ~(HugePageBytes - 1);
            var end = ((nuint)start + (nuint)memory.Length) & ~(HugePageBytes - 1);
            if (end > first)
            {
                Advise((nint)first, end - first, MadviseHugePage);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Advise(nint address, nuint length, int advice);
}
