using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Versions;

/// <summary>
/// What changed from one version to the next: how it came (first load, the file read again, records changed by
/// webhook), rows before and after, columns added, removed or retyped, and, by the id column when both versions have
/// the same one, how many records were added, removed and changed.
/// </summary>
internal sealed record VersionChange(string Kind, int RowsBefore, int RowsAfter, IReadOnlyList<string> ColumnsAdded, IReadOnlyList<string> ColumnsRemoved,
    IReadOnlyList<string> ColumnsRetyped, int? RecordsAdded, int? RecordsRemoved, int? RecordsChanged)
{
    public const string Loaded = "loaded";
    public const string Reloaded = "reloaded";
    public const string RecordsChangedKind = "records_changed";

    public static VersionChange Between(SourceSnapshot? before, SourceSnapshot after, bool rowLevel)
    {
        if (before is null)
        {
            return new VersionChange(Loaded, 0, after.RowCount, [.. after.Table.Columns.Select(c => c.Name)], [], [], after.RowCount, 0, 0);
        }
        // A webhook's patch keeps the file's time; a reload reads a file written later (or a new definition).
        var kind = before.FileModifiedAt == after.FileModifiedAt && before.Definition == after.Definition ? RecordsChangedKind : Reloaded;
        var added = after.Table.Columns.Where(c => before.Table.Find(c.Name) is null).Select(c => c.Name).ToList();
        var removed = before.Table.Columns.Where(c => after.Table.Find(c.Name) is null).Select(c => c.Name).ToList();
        var retyped = after.Table.Columns.Where(c => before.Table.Find(c.Name) is { } old && old.Type != c.Type).Select(c => c.Name).ToList();
        if (!rowLevel || before.IdColumn is not { } oldId || after.IdColumn is not { } newId || oldId.Name != newId.Name || oldId.Type != newId.Type)
        {
            return new VersionChange(kind, before.RowCount, after.RowCount, added, removed, retyped, null, null, null);
        }
        var (recordsAdded, recordsRemoved, recordsChanged) = DiffById(before, after, oldId, newId);
        return new VersionChange(kind, before.RowCount, after.RowCount, added, removed, retyped, recordsAdded, recordsRemoved, recordsChanged);
    }

    private static (int Added, int Removed, int Changed) DiffById(SourceSnapshot before, SourceSnapshot after, Column oldId, Column newId)
    {
        var oldRows = new Dictionary<string, int>(before.RowCount, StringComparer.Ordinal);
        for (var row = 0; row < before.RowCount; row++)
        {
            if (oldId.FormatText(row) is { } id)
            {
                oldRows.TryAdd(id, row);
            }
        }
        var shared = after.Table.Columns.Select(c => (New: c, Old: before.Table.Find(c.Name))).Where(p => p.Old is not null && p.Old.Type == p.New.Type).ToList();
        int added = 0, changed = 0, matched = 0;
        for (var row = 0; row < after.RowCount; row++)
        {
            if (newId.FormatText(row) is not { } id || !oldRows.TryGetValue(id, out var oldRow))
            {
                added++;
                continue;
            }
            matched++;
            if (shared.Count != after.Table.Columns.Count || shared.Any(p => !SameValue(p.Old!, oldRow, p.New, row)))
            {
                changed++;
            }
        }
        return (added, before.RowCount - matched, changed);
    }

    private static bool SameValue(Column a, int rowA, Column b, int rowB)
    {
        if (a.IsNull(rowA) || b.IsNull(rowB))
        {
            return a.IsNull(rowA) == b.IsNull(rowB);
        }
        return (a, b) switch
        {
            (Int64Column x, Int64Column y) => x[rowA] == y[rowB],
            (DoubleColumn x, DoubleColumn y) => x[rowA].Equals(y[rowB]),
            (TimestampColumn x, TimestampColumn y) => x[rowA] == y[rowB],
            (BooleanColumn x, BooleanColumn y) => x[rowA] == y[rowB],
            (StringColumn x, StringColumn y) => x.GetUtf8(rowA).SequenceEqual(y.GetUtf8(rowB)),
            _ => false,
        };
    }
}
