using System.IO.Hashing;
using System.Text;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Snapshots;

/// <summary>
/// The snapshots of UDC's sources in its state directory, one file per data file: written after a file is parsed,
/// read instead of parsing when the file is unchanged. A snapshot that does not match its file, or is damaged or of
/// another format version, is ignored (and replaced after the parse). Writes go through a temporary file renamed over
/// the old one, one at a time in the background; the directory is kept under <see cref="MaxBytes"/>, least recently
/// used snapshots going first.
/// </summary>
internal sealed partial class SnapshotStore(string directory, long maxBytes, string producer)
{
    private readonly Lock _queueLock = new();
    private Task _queue = Task.CompletedTask;
    private bool _closed;
    private long _written;
    private long _restored;
    private long _rejected;
    private string? _lastProblem;

    public string Directory => directory;

    public long MaxBytes => maxBytes;

    /// <summary>Names the UDC that wrote a snapshot; a snapshot of another is not read.</summary>
    public string Producer => producer;

    /// <summary>How close to a read a change may hide in the time stamps (see <see cref="FileIdentity.MayHaveChangedSince"/>).</summary>
    public TimeSpan TimestampGranularity { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Raised with a sentence when a snapshot is rejected or cannot be written; UDC goes on without it.</summary>
    public event Action<string>? Problem;

    /// <summary>Completes when every write asked for so far is done.</summary>
    public Task Idle
    {
        get
        {
            lock (_queueLock)
            {
                return _queue;
            }
        }
    }

    public long Written => Interlocked.Read(ref _written);

    public long Restored => Interlocked.Read(ref _restored);

    public long Rejected => Interlocked.Read(ref _rejected);

    public string? LastProblem => Volatile.Read(ref _lastProblem);

    /// <summary>The snapshot file of a data file, named by a hash of its real path.</summary>
    public string PathFor(string realPath) =>
        Path.Combine(directory, XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(realPath)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + SnapshotFormat.Extension);

    /// <summary>The snapshot of this version of the file, opened and checked but not read; null when there is none that fits.</summary>
    public SnapshotReader? Find(string realPath, SourceFormat format, FileIdentity identity)
    {
        var path = PathFor(realPath);
        var reader = SnapshotReader.Open(path, out var problem);
        if (reader is null)
        {
            if (problem is not null)
            {
                Reject(path, realPath, problem);
            }
            return null;
        }
        var key = reader.Metadata.Key;
        var why = key.Producer != producer ? $"written by UDC {key.Producer}"
            : key.RealPath != realPath ? "of another file"
            : key.Format != format ? $"read as {key.Format}"
            : key.Identity != identity ? "stale: the file changed since (size, times or inode)"
            : null;
        if (why is not null)
        {
            reader.Dispose();
            Reject(path, realPath, why);
            return null;
        }
        return reader;
    }

    /// <summary>The table of a snapshot <see cref="Find"/> opened; null when a block is damaged, and the file is then deleted.</summary>
    public Table? Restore(SnapshotReader reader, string realPath, LoadProgress? progress)
    {
        var path = PathFor(realPath);
        try
        {
            var table = reader.ReadTable(progress);
            Interlocked.Increment(ref _restored);
            Touch(path);
            return table;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Reject(path, realPath, $"damaged: {e.Message}");
            TryDelete(path);
            return null;
        }
    }

    /// <summary>Writes a snapshot in the background, after the writes asked for before it; nothing once closed.</summary>
    public void SaveLater(SnapshotKey key, Table table)
    {
        lock (_queueLock)
        {
            if (_closed)
            {
                return;
            }
            _queue = _queue.ContinueWith(_ => Save(key, table), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Takes no more writes and completes when those under way are done: at shutdown a load that ends late must not
    /// start writing into a directory that is being removed or a volume being unmounted (the next start parses that
    /// file again).
    /// </summary>
    public Task Close()
    {
        lock (_queueLock)
        {
            _closed = true;
            return _queue;
        }
    }

    /// <summary>Writes a snapshot now; a failure (a full disk, a directory that cannot be written) is reported, never thrown.</summary>
    public void Save(SnapshotKey key, Table table)
    {
        var path = PathFor(key.RealPath);
        var name = Path.GetFileName(key.RealPath);
        var size = SnapshotWriter.SizeOf(key, table);
        if (size > maxBytes)
        {
            Report($"{name}: no snapshot written: it takes {Megabytes(size)}, more than the directory's limit of {Megabytes(maxBytes)} (UDC_SNAPSHOT_MAX_MB)");
            return;
        }
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            MakeRoom(size, path);
            SnapshotWriter.Write(temporary, key, table);
            File.Move(temporary, path, overwrite: true);
            Interlocked.Increment(ref _written);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            Report($"{name}: writing its snapshot failed, so the next start parses it again: {e.Message}");
        }
    }

    private void Reject(string path, string realPath, string why)
    {
        Interlocked.Increment(ref _rejected);
        Report($"{Path.GetFileName(realPath)}: snapshot {Path.GetFileName(path)} not used ({why}); the file is parsed instead");
    }

    private void Report(string problem)
    {
        Volatile.Write(ref _lastProblem, problem);
        Problem?.Invoke(problem);
    }

    private static string Megabytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");
}
