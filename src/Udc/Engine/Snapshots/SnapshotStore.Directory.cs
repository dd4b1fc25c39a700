namespace Udc.Engine.Snapshots;

/// <summary>The directory itself: what it holds, and keeping it within its bound.</summary>
internal sealed partial class SnapshotStore
{
    /// <summary>A temporary file older than an hour is what a crash mid-write left; a younger one may be another replica's write.</summary>
    private static readonly TimeSpan s_leftoverAge = TimeSpan.FromHours(1);

    /// <summary>The snapshot files and their total size.</summary>
    public (int Files, long Bytes) Usage()
    {
        var files = Snapshots();
        return (files.Count, files.Sum(f => f.Length));
    }

    /// <summary>Deletes what a crash mid-write left behind.</summary>
    public void RemoveLeftovers()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.tmp"))
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc > s_leftoverAge)
            {
                TryDelete(file.FullName);
            }
        }
    }

    /// <summary>Deletes the least recently used snapshots until <paramref name="needed"/> more bytes fit (the one being replaced does not count).</summary>
    private void MakeRoom(long needed, string replacing)
    {
        var others = Snapshots().Where(f => f.FullName != replacing).OrderBy(f => f.LastWriteTimeUtc).ToList();
        var total = others.Sum(f => f.Length);
        foreach (var oldest in others)
        {
            if (total + needed <= MaxBytes)
            {
                return;
            }
            TryDelete(oldest.FullName);
            total -= oldest.Length;
        }
    }

    private List<FileInfo> Snapshots() => System.IO.Directory.Exists(Directory)
        ? [.. new DirectoryInfo(Directory).EnumerateFiles("*" + SnapshotFormat.Extension)]
        : [];

    /// <summary>A snapshot read is a snapshot used: its time moves it to the back of the eviction order.</summary>
    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only state directory still serves its snapshots; only the eviction order is lost.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next cleanup.
        }
    }
}
