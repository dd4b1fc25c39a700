using Udc.Engine.Columns;

namespace Udc.Engine.Catalog;

/// <summary>What a model needs to know to filter on a column: its type, how full it is, and its values if few.</summary>
/// <param name="Values">The distinct values when there are at most <see cref="SourceProfile.MaxListedValues"/>; else null.</param>
/// <param name="Min">The smallest value of an ordered column, as text; null otherwise or when all null.</param>
/// <param name="PersonalData">What kind of personal data the column looks like (<see cref="Catalog.PersonalData"/>); null for none.</param>
internal sealed record ColumnProfile(Column Column, int NullCount, int DistinctCount, IReadOnlyList<string>? Values, string? Min, string? Max, string? PersonalData = null);
