using System.Collections.Frozen;

namespace Udc.Engine.Columns;

/// <summary>A set of equally long columns: the parsed content of one data file.</summary>
internal sealed class Table
{
    public Table(IReadOnlyList<Column> columns, int rowCount, bool isNested)
    {
        Columns = columns;
        RowCount = rowCount;
        IsNested = isNested;
        ByName = columns.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<Column> Columns { get; }

    public FrozenDictionary<string, Column> ByName { get; }

    public int RowCount { get; }

    /// <summary>True when a record held nested objects or arrays (flattened to dot paths or kept as JSON text).</summary>
    public bool IsNested { get; }

    public Column? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The bytes every column holds (see <see cref="Column.MemoryBytes"/>).</summary>
    public long MemoryBytes => Columns.Sum(c => c.MemoryBytes);
}
