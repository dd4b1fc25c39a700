namespace Udc.Engine.Columns;

/// <summary>The physical type of a column; every value of a column has it, or is null.</summary>
internal enum ColumnType : byte
{
    Int64,
    Double,
    Boolean,
    Timestamp,
    String,
}
