using Udc.Engine.Columns;

namespace Udc.Engine.Catalog;

/// <summary>What a model needs to know to filter on a column: its type, how full it is, and its values if few.</summary>
/// <param name="Values">The distinct values when there are at most <see cref="SourceProfile.MaxListedValues"/>; else null.</param>
/// <param name="Min">The smallest value of an ordered column, as text; null otherwise or when all null.</param>
/// <param name="PersonalData">What kind of personal data the column looks like (<see cref="Catalog.PersonalData"/>); null for none.</param>
/// <param name="CountedDistinct">The distinct values as counted elsewhere (a database); null to count the column's own.</param>
internal sealed record ColumnProfile(Column Column, int NullCount, int? CountedDistinct, IReadOnlyList<string>? Values, string? Min, string? Max, string? PersonalData = null)
{
    /// <summary>
    /// Exact. A loaded column counts its values when this is first read (the column keeps the count): a tool schema
    /// needs the listed values, not the count, and counting a million texts or instants after every load took as
    /// much CPU as a fifth of the load itself.
    /// </summary>
    public int DistinctCount => CountedDistinct ?? Column.DistinctCount;
}
