namespace Udc.Engine.Snapshots;

/// <summary>The directory itself: what it holds, and keeping it within its bound.</summary>
internal sealed partial class SnapshotStore
{
    /// <summary>
    /// How long a temporary file nobody holds must have lain untouched before it counts as a crash's leftover: where the
    /// file system keeps no locks every file looks unheld, and a live write changes its file far more often than this.
    /// </summary>
    private static readonly TimeSpan s_leftoverIdle = TimeSpan.FromMinutes(1);

    /// <summary>The snapshot files and their total size.</summary>
    public (int Files, long Bytes) Usage()
    {
        var files = Snapshots();
        return (files.Count, files.Sum(f => f.Length));
    }

    /// <summary>
    /// Deletes what a crash mid-write left behind: a temporary file whose writer no longer holds its lock (the
    /// process died) and that nothing wrote for a minute. Another replica's write in progress holds its lock.
    /// </summary>
    public void RemoveLeftovers()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.tmp"))
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc > s_leftoverIdle && !IsHeld(file.FullName))
            {
                TryDelete(file.FullName);
            }
        }
    }

    /// <summary>
    /// True while another handle holds the file's lock (<see cref="SnapshotWriter"/> opens its temporary file
    /// unshared, which on Linux takes an exclusive <c>flock</c>, released by the kernel when its process dies).
    /// </summary>
    private static bool IsHeld(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Locked, renamed into place meanwhile, or not ours to open: in every case not a leftover to delete.
            return true;
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
