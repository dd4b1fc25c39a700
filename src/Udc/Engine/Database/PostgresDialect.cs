using Udc.Engine.Analytics;
using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>PostgreSQL's SQL: casts to the types UDC reads, <c>lower</c> for folding, <c>COLLATE "C"</c> for byte order.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string Read(DatabaseColumn column)
    {
        var name = Quote(column.Name);
        return column.Type switch
        {
            ColumnType.Int64 => $"{name}::int8",
            ColumnType.Double => $"{name}::float8",
            ColumnType.Boolean => name,
            // extract returns numeric from PostgreSQL 14, so milliseconds stay exact.
            ColumnType.Timestamp => $"(extract(epoch from {name}) * 1000)::int8",
            _ => $"{name}::text",
        };
    }

    public override string Fold(string expression) => $"lower({expression})";

    public override string Contains(string folded, string parameter) => $"strpos({folded}, {parameter}) > 0";

    public override string StartsWith(string folded, string parameter) => $"starts_with({folded}, {parameter})";

    /// <summary>UDC's LIKE has no escape character; PostgreSQL's default one is '\'.</summary>
    public override string Like(string folded, string parameter) => $"{folded} LIKE {parameter} ESCAPE ''";

    public override string Instant(DatabaseColumn column) => Quote(column.Name);

    /// <summary>A UTC instant (timestamptz); the session runs in UTC, so timestamp and date columns compare as UTC too.</summary>
    public override object InstantValue(long unixMilliseconds) => DateTime.SpecifyKind(TimestampColumn.ToDateTime(unixMilliseconds), DateTimeKind.Utc);

    public override object BooleanValue(bool value) => value;

    public override string BucketStart(DatabaseColumn column, TimeBucket bucket) =>
        $"(extract(epoch from date_trunc('{bucket.Name()}', {Quote(column.Name)}::timestamptz)) * 1000)::int8";

    public override string OrderKey(DatabaseColumn column) => IsText(column) ? $"{Read(column)} COLLATE \"C\"" : Quote(column.Name);
}
