using Udc.Engine.Patching;

namespace Udc.Ingestion.Running;

/// <summary>
/// Committed records on their way into the source. A patch costs one pass over the source's rows, so patching
/// after every 1,000-record page of a 100,000-record run would pass over the rows 100 times; instead records are
/// held until they are as many as the source holds (at least <see cref="MinBatch"/>) or <see cref="MaxWait"/> has
/// passed. Doubling the source per patch passes over each row about twice in all (a quarter of it per patch, about
/// five times); <see cref="MaxWait"/> keeps a committed record at most about a second from being served whatever the
/// batch.
/// </summary>
internal sealed class PendingRecords(TimeProvider time)
{
    /// <summary>A committed record is served within a second (plus the patch), whatever the batch size.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    /// <summary>One API page: a smaller source is patched page by page.</summary>
    public const int MinBatch = 1_000;

    private readonly List<RecordChange> _changes = [];
    private readonly Dictionary<string, int> _at = new(StringComparer.Ordinal);
    private long _since = time.GetTimestamp();

    public int Count => _changes.Count;

    /// <summary>Adds records; a record whose id is already waiting replaces it, so the source gets each id once.</summary>
    public void Add(IEnumerable<(string Id, byte[] Record)> records)
    {
        foreach (var (id, record) in records)
        {
            var change = new RecordChange(RecordChangeKind.Upsert, record);
            if (_at.TryGetValue(id, out var index))
            {
                _changes[index] = change;
            }
            else
            {
                _at[id] = _changes.Count;
                _changes.Add(change);
            }
        }
    }

    /// <param name="rows">The source's rows now.</param>
    public bool IsDue(int rows) => _changes.Count > 0 && (_changes.Count >= Math.Max(MinBatch, rows) || time.GetElapsedTime(_since) >= MaxWait);

    /// <summary>Everything waiting, in the order it first arrived; the wait starts again.</summary>
    public List<RecordChange> Take()
    {
        var taken = new List<RecordChange>(_changes);
        _changes.Clear();
        _at.Clear();
        _since = time.GetTimestamp();
        return taken;
    }
}
