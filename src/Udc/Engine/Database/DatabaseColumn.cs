using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>A column of a database source as the catalog read it, in UDC's types.</summary>
/// <param name="DateOnly">Every value is a date without a time of day (a <c>date</c> column), written back as a date.</param>
/// <param name="Dictionary">Few distinct values: held as a dictionary column in results, as a data file's would be.</param>
internal sealed record DatabaseColumn(string Name, ColumnType Type, bool DateOnly = false, bool Dictionary = false);
