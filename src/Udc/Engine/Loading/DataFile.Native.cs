using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Udc.Engine.Loading;

/// <summary>
/// What .NET does not expose: a file's type (FIFO, device, socket) without opening it, an open that cannot block,
/// and the real path of a name. On Linux these come from libc; elsewhere a managed approximation serves (links
/// resolved by .NET, every non-directory taken for a regular file), as UDC's images run on Linux.
/// </summary>
internal static partial class DataFile
{
    private const int OpenReadOnly = 0;

    /// <summary>A FIFO opened for reading would wait for a writer; with O_NONBLOCK it opens and is then refused.</summary>
    private const int OpenNonBlocking = 0x800;

    private const int OpenCloseOnExec = 0x80000;
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;

    /// <summary>struct statx is 256 bytes on every Linux architecture; stx_mode, a u16, sits at byte 28.</summary>
    private const int StatxSize = 256;

    private const int StatxModeOffset = 28;

    private static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return ManagedRealPath(path);
        }
        var resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    private static string? ManagedRealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var target = File.Exists(full) || Directory.Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full : null;
        return target is not null && Path.Exists(target) ? target : null;
    }

    private static FileKind KindOf(string realPath) =>
        !OperatingSystem.IsLinux() ? (Directory.Exists(realPath) ? FileKind.Directory : FileKind.Regular) : StatxKind(AtFdCwd, realPath, 0);

    private static FileKind KindOf(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FileKind.Regular;
        }
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return StatxKind((int)handle.DangerousGetHandle(), "", AtEmptyPath);
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    private static unsafe FileKind StatxKind(int directory, string path, int flags)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(directory, path, flags, StatxType, buffer) != 0)
        {
            throw new IOException($"cannot read the file's type (errno {Marshal.GetLastPInvokeError()})");
        }
        return (*(ushort*)(buffer + StatxModeOffset) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 or 0x6000 => FileKind.Device,
            _ => FileKind.Other,
        };
    }

    private static SafeFileHandle OpenForRead(string realPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(realPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        var descriptor = OpenNative(realPath, OpenReadOnly | OpenNonBlocking | OpenCloseOnExec);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException("the file does not exist"),
                13 => new UnauthorizedAccessException("permission denied"),
                _ => new IOException($"cannot open the file (errno {errno})"),
            };
        }
        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>The path the kernel says an open handle refers to; null where there is no <c>/proc</c>.</summary>
    private static string? OpenedPath(SafeFileHandle handle) =>
        OperatingSystem.IsLinux() && new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget is { } target ? target : null;

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
