namespace Udc.Engine.Loading;

/// <summary>One chunk's share of a column: its values (null when the chunk never saw the column) and its rows' place in the table.</summary>
internal readonly record struct ColumnPart(ColumnBuilder? Builder, int RowOffset, int RowCount);
