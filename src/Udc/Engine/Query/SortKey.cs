using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>One level of a sort: a column and a direction. Nulls sort last either way.</summary>
internal sealed record SortKey(Column Column, bool Descending)
{
    /// <summary>The key as a client writes it: <c>-created_at</c>.</summary>
    public override string ToString() => Descending ? "-" + Column.Name : Column.Name;
}
