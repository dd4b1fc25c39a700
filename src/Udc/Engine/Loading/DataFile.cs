using Microsoft.Win32.SafeHandles;

namespace Udc.Engine.Loading;

/// <summary>
/// The one way UDC reads a file of the data folder. Only a regular file whose real path (every link resolved)
/// lies inside the data folder is read: a symbolic link out of the folder, a device, a FIFO or a socket is
/// refused, so a link such as <c>shadow.csv -&gt; /etc/shadow</c> never becomes a source.
/// </summary>
internal static partial class DataFile
{
    /// <summary>Files are read 16 MiB at a time (about 5 ms from the page cache), so progress moves while a large one is read.</summary>
    private const int ReadPieceBytes = 16 << 20;

    /// <summary>The folder's own real path, against which every file is checked.</summary>
    public static string RealFolder(string folder) => RealPath(Path.GetFullPath(folder)) ?? Path.GetFullPath(folder);

    /// <summary>Why <paramref name="path"/> may not be read as data, or null when it may.</summary>
    /// <param name="realFolder">The data folder as <see cref="RealFolder"/> gives it.</param>
    public static string? Refusal(string realFolder, string path) => Check(realFolder, path, out _);

    /// <summary>
    /// Reads the whole file after the same checks, made again on the open handle: a file swapped for a link or a
    /// FIFO between the check and the open is refused too, and opening never blocks or touches a device.
    /// </summary>
    /// <param name="progress">Told of the bytes read as they arrive, when given.</param>
    /// <exception cref="SourceLoadException">The file is refused, gone or unreadable.</exception>
    public static byte[] ReadAllBytes(string realFolder, string path, out FileStamp stamp, LoadProgress? progress = null) =>
        ReadAllBytes(realFolder, path, out stamp, out _, progress);

    /// <param name="identity">The identity of the version read: what a snapshot of these bytes is keyed on.</param>
    public static byte[] ReadAllBytes(string realFolder, string path, out FileStamp stamp, out FileIdentity identity, LoadProgress? progress = null)
    {
        var fileName = Path.GetFileName(path);
        if (Check(realFolder, path, out var realPath) is { } refusal)
        {
            throw new SourceLoadException(fileName, refusal, null, null);
        }
        try
        {
            using var handle = OpenChecked(realPath, fileName);
            var before = FileStamp.Of(handle);
            var identityBefore = IdentityOf(handle);
            var bytes = new byte[checked((int)RandomAccess.GetLength(handle))];
            progress?.Begin(LoadPhase.Reading);
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read, Math.Min(ReadPieceBytes, bytes.Length - read)), read) is var n and > 0)
            {
                read += n;
                progress?.Advance(n);
            }
            stamp = FileStamp.Of(handle);
            identity = IdentityOf(handle);
            // A writer that truncated, appended or rewrote the file while it was read leaves a mix of two versions.
            if (read != bytes.Length || stamp != before || identity != identityBefore)
            {
                throw new FileChangedWhileReadException(fileName);
            }
            return bytes;
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException or OverflowException) and not FileChangedWhileReadException)
        {
            throw new SourceLoadException(fileName, e is OverflowException ? "the file is larger than 2 GB" : e.Message, null, null, e);
        }
    }

    private static string? Check(string realFolder, string path, out string realPath)
    {
        realPath = RealPath(path) ?? "";
        if (realPath.Length == 0)
        {
            return File.Exists(path) || new FileInfo(path).LinkTarget is not null
                ? "a symbolic link whose target does not exist"
                : "the file does not exist";
        }
        if (!IsInside(realFolder, realPath))
        {
            return "a link to a file outside the data folder";
        }
        return KindOf(realPath) is var kind and not FileKind.Regular ? $"not a regular file ({Describe(kind)})" : null;
    }

    private static bool IsInside(string folder, string path) =>
        path.Length > folder.Length + 1
        && path.StartsWith(folder, StringComparison.Ordinal)
        && (path[folder.Length] == Path.DirectorySeparatorChar || folder.EndsWith(Path.DirectorySeparatorChar));

    private static SafeFileHandle OpenChecked(string realPath, string fileName)
    {
        var handle = OpenForRead(realPath);
        try
        {
            if (KindOf(handle) is var kind and not FileKind.Regular)
            {
                throw new SourceLoadException(fileName, $"not a regular file ({Describe(kind)})", null, null);
            }
            if (OpenedPath(handle) is { } opened && opened != realPath)
            {
                throw new SourceLoadException(fileName, "the file was replaced by a link while it was opened", null, null);
            }
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO",
        FileKind.Socket => "a socket",
        FileKind.Device => "a device",
        _ => "not a plain file",
    };

    private enum FileKind
    {
        Regular,
        Directory,
        Fifo,
        Socket,
        Device,
        Other,
    }
}

/// <summary>The file changed while it was read: what was read is no version of it, so it must not be served.</summary>
internal sealed class FileChangedWhileReadException(string fileName)
    : IOException($"{fileName} changed while it was read; it is read again once it is stable");
