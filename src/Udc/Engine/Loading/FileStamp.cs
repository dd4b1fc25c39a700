using Microsoft.Win32.SafeHandles;

namespace Udc.Engine.Loading;

/// <summary>Enough of a file's metadata to tell that it changed.</summary>
internal readonly record struct FileStamp(DateTime LastWriteTimeUtc, long Length)
{
    public static FileStamp Of(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : default;
    }

    public static FileStamp Of(SafeFileHandle handle) => new(File.GetLastWriteTimeUtc(handle), RandomAccess.GetLength(handle));
}
