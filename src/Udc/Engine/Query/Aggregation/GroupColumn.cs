using Udc.Engine.Analytics;
using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// One thing to group by: a column's values, or a timestamp column cut into buckets (<c>date:week</c> groups the rows
/// of each week together, keyed by the week's first instant).
/// </summary>
/// <param name="Alias">The result field's name when the caller chose one (SQL's <c>AS</c>).</param>
internal sealed record GroupColumn(Column Column, TimeBucket? Bucket = null, string? Alias = null)
{
    /// <summary>As a caller writes it: <c>status</c>, <c>date:week</c>.</summary>
    public string Spec => Bucket is { } bucket ? $"{Column.Name}:{bucket.Name()}" : Column.Name;

    /// <summary>The result field: the alias, the column's name, or <c>date_week</c> for a bucket.</summary>
    public string Name => Alias ?? (Bucket is { } bucket ? $"{Column.Name}_{bucket.Name()}" : Column.Name);

    /// <summary>The group's key as an order key (a bucket's first instant for buckets), from a row of the group.</summary>
    public long KeyOf(int row) => Bucket is { } bucket ? TimeBuckets.Start(Column.OrderKeys[row], bucket) : Column.OrderKeys[row];
}
