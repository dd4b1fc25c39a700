using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Versions;

/// <summary>
/// One version of a source: its number, the snapshot, and what changed from the version before (computed on first
/// request, since most versions are never asked about).
/// </summary>
internal sealed class SnapshotVersion(long number, SourceSnapshot snapshot, SourceSnapshot? previous, long bytes)
{
    private VersionChange? _change;
    private SourceSnapshot? _previous = previous;

    public long Number => number;

    public SourceSnapshot Snapshot => snapshot;

    /// <summary>When the version became current: its snapshot's load (or change) time.</summary>
    public DateTimeOffset PublishedAt => snapshot.LoadedAt;

    /// <summary>An estimate of the memory its columns take.</summary>
    public long Bytes => bytes;

    /// <summary>
    /// Called when the version before leaves the history, so it is not kept alive by this one: the change is then told
    /// without a row-by-row diff if none was asked for yet.
    /// </summary>
    public void ForgetPrevious()
    {
        if (_change is null && _previous is { } before)
        {
            _change = VersionChange.Between(before, snapshot, rowLevel: false);
        }
        _previous = null;
    }

    public VersionChange Change
    {
        get
        {
            if (_change is null)
            {
                _change = VersionChange.Between(_previous, snapshot, rowLevel: true);
                // The diff is all that is needed of the version before: let it go.
                _previous = null;
            }
            return _change;
        }
    }
}

/// <summary>Memory of a snapshot's columns, from their array sizes: what keeping an old version costs.</summary>
internal static class SnapshotSize
{
    public static long Estimate(SourceSnapshot snapshot)
    {
        long total = 0;
        foreach (var column in snapshot.Table.Columns)
        {
            var rows = (long)column.RowCount;
            total += column.Nulls.HasNulls ? column.Nulls.Bits.Length * 8L : 0;
            total += column switch
            {
                BooleanColumn => rows,
                DictionaryStringColumn dictionary => 4 * rows + dictionary.Entries.Sum(e => 2L * e.Length + 32),
                PlainStringColumn plain => plain.ByteSize,
                _ => 8 * rows,
            };
        }
        return total;
    }
}
