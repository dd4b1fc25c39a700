using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Udc.Engine.Loading;

/// <summary>A file's identity (<see cref="FileIdentity"/>), taken on the open handle after the same checks as a read.</summary>
internal static partial class DataFile
{
    /// <summary>STATX_BASIC_STATS: type, mode, links, owner, times, inode, size, blocks.</summary>
    private const uint StatxBasicStats = 0x7FF;

    // Offsets in struct statx (include/uapi/linux/stat.h), the same on every Linux architecture.
    private const int StatxInodeOffset = 32;
    private const int StatxSizeOffset = 40;
    private const int StatxChangeTimeOffset = 96;
    private const int StatxModifyTimeOffset = 112;
    private const int StatxDeviceMajorOffset = 136;
    private const int StatxDeviceMinorOffset = 140;

    /// <summary>
    /// The identity and stamp of a file of the data folder, after the checks <see cref="ReadAllBytes(string, string, out FileStamp, LoadProgress?)"/>
    /// makes, without reading it: a link out of the folder, a FIFO or a device is refused here too.
    /// </summary>
    /// <exception cref="SourceLoadException">The file is refused, gone or unreadable.</exception>
    public static FileIdentity Identify(string realFolder, string path, out FileStamp stamp)
    {
        var fileName = Path.GetFileName(path);
        if (Check(realFolder, path, out var realPath) is { } refusal)
        {
            throw new SourceLoadException(fileName, refusal, null, null);
        }
        try
        {
            using var handle = OpenChecked(realPath, fileName);
            stamp = FileStamp.Of(handle);
            return IdentityOf(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceLoadException(fileName, e.Message, null, null, e);
        }
    }

    /// <summary>The real path a snapshot of the file is filed under: one name whatever link or spelling led to it.</summary>
    public static string RealPathOf(string path) => RealPath(path) ?? Path.GetFullPath(path);

    private static FileIdentity IdentityOf(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileIdentity(0, 0, RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks * 100, 0);
        }
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return StatxIdentity((int)handle.DangerousGetHandle());
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    private static unsafe FileIdentity StatxIdentity(int descriptor)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(descriptor, "", AtEmptyPath, StatxBasicStats, buffer) != 0)
        {
            throw new IOException($"cannot read the file's identity (errno {Marshal.GetLastPInvokeError()})");
        }
        var device = ((ulong)*(uint*)(buffer + StatxDeviceMajorOffset) << 32) | *(uint*)(buffer + StatxDeviceMinorOffset);
        return new FileIdentity(device, *(ulong*)(buffer + StatxInodeOffset), *(long*)(buffer + StatxSizeOffset),
            Nanoseconds(buffer + StatxModifyTimeOffset), Nanoseconds(buffer + StatxChangeTimeOffset));
    }

    /// <summary>struct statx_timestamp: seconds (s64), then nanoseconds (u32).</summary>
    private static unsafe long Nanoseconds(byte* timestamp) => *(long*)timestamp * 1_000_000_000L + *(uint*)(timestamp + 8);
}
