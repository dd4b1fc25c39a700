using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Puts the chunks of one file back together: columns in order of first appearance, each chunk's rows after
/// the previous chunk's, and every column typed from all chunks' values (<see cref="ColumnAssembler"/>).
/// </summary>
internal static class TableAssembler
{
    /// <summary>Below 10,000 rows a column builds in well under a millisecond: columns are then built one after the other.</summary>
    private const int ParallelColumnsMinRows = 10_000;

    /// <param name="chunks">The chunks in file order.</param>
    public static Table Build(string fileName, IReadOnlyList<TableBuilder> chunks)
    {
        var offsets = new int[chunks.Count];
        var rowCount = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            offsets[i] = rowCount;
            rowCount = checked(rowCount + chunks[i].RowCount);
        }

        var names = new List<string>();
        var parts = new Dictionary<string, ColumnPart[]>(StringComparer.Ordinal);
        for (var i = 0; i < chunks.Count; i++)
        {
            foreach (var column in chunks[i].Columns)
            {
                if (!parts.TryGetValue(column.Name, out var columnParts))
                {
                    if (names.Count == TableBuilder.MaxColumns)
                    {
                        LoadThrow.TooManyColumns(fileName);
                    }
                    names.Add(column.Name);
                    columnParts = new ColumnPart[chunks.Count];
                    for (var j = 0; j < chunks.Count; j++)
                    {
                        columnParts[j] = new ColumnPart(null, offsets[j], chunks[j].RowCount);
                    }
                    parts.Add(column.Name, columnParts);
                }
                columnParts[i] = new ColumnPart(column, offsets[i], chunks[i].RowCount);
            }
        }

        // Columns are independent, so they are built in parallel, and each one's chunks in parallel again; a small
        // table is built on the calling thread, where handing columns to other threads would cost more than it saves.
        var columns = new Column[names.Count];
        if (rowCount < ParallelColumnsMinRows)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = ColumnAssembler.Build(names[i], parts[names[i]], rowCount);
            }
        }
        else
        {
            ParallelLoops.For(columns.Length, i => columns[i] = ColumnAssembler.Build(names[i], parts[names[i]], rowCount));
        }
        return new Table(columns, rowCount, chunks.Any(c => c.IsNested));
    }
}
