using Udc.Engine.Analytics;
using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>
/// SQLite's SQL. SQLite keeps instants as text and folds only ASCII, so UDC registers its own functions on each
/// connection (<see cref="SqliteClient"/>): <c>udc_ms</c> parses an instant exactly as a data file's would be,
/// <c>udc_fold</c> folds as UDC does, <c>udc_bucket</c> cuts buckets with UDC's own arithmetic.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Read(DatabaseColumn column)
    {
        var name = Quote(column.Name);
        return column.Type switch
        {
            ColumnType.Int64 => $"CAST({name} AS INTEGER)",
            ColumnType.Double => $"CAST({name} AS REAL)",
            ColumnType.Boolean => $"CAST({name} AS INTEGER)",
            ColumnType.Timestamp => $"udc_ms({name})",
            _ => $"CAST({name} AS TEXT)",
        };
    }

    public override string Fold(string expression) => $"udc_fold({expression})";

    public override string Contains(string folded, string parameter) => $"instr({folded}, {parameter}) > 0";

    public override string StartsWith(string folded, string parameter) => $"substr({folded}, 1, length({parameter})) = {parameter}";

    /// <summary>SQLite's LIKE has no escape character unless one is named, as UDC's.</summary>
    public override string Like(string folded, string parameter) => $"{folded} LIKE {parameter}";

    public override string Instant(DatabaseColumn column) => $"udc_ms({Quote(column.Name)})";

    public override object InstantValue(long unixMilliseconds) => unixMilliseconds;

    public override object BooleanValue(bool value) => value ? 1L : 0L;

    public override string BucketStart(DatabaseColumn column, TimeBucket bucket) => $"udc_bucket(udc_ms({Quote(column.Name)}), {(int)bucket})";

    public override string OrderKey(DatabaseColumn column) => column.Type == ColumnType.Timestamp ? Instant(column) : Quote(column.Name);
}
