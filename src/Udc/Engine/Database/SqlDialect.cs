using Udc.Engine.Analytics;
using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>
/// What differs between engines when UDC's typed requests become SQL: how a value is read back as one of UDC's column
/// types, how text is folded for case-insensitive matching, how instants compare and how they are cut into buckets.
/// Each method returns a fragment built from a quoted identifier; values are always parameters.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>A name from the catalog, quoted, with any quote inside doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The column as the value UDC reads back: int64, double, boolean (or 0/1), Unix milliseconds, text.</summary>
    public abstract string Read(DatabaseColumn column);

    /// <summary>Text lower-cased as UDC folds it for case-insensitive matching.</summary>
    public abstract string Fold(string expression);

    public abstract string Contains(string folded, string parameter);

    public abstract string StartsWith(string folded, string parameter);

    public abstract string Like(string folded, string parameter);

    /// <summary>The column as compared with an instant: the column itself where the engine has instants (an index serves it).</summary>
    public abstract string Instant(DatabaseColumn column);

    /// <summary>An instant as a parameter value compared with <see cref="Instant"/>.</summary>
    public abstract object InstantValue(long unixMilliseconds);

    public abstract object BooleanValue(bool value);

    /// <summary>The first millisecond of the bucket holding the column's value, as an int64.</summary>
    public abstract string BucketStart(DatabaseColumn column, TimeBucket bucket);

    /// <summary>The column as an ORDER BY key that orders like UDC: text by its UTF-8 bytes.</summary>
    public abstract string OrderKey(DatabaseColumn column);

    /// <summary>An aggregate over the column's value that comes back as UDC reads it (min and max of instants in milliseconds).</summary>
    public string Aggregate(string function, DatabaseColumn column) => $"{function}({Read(column)})";

    public static SqlDialect For(DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql ? PostgresDialect.Instance : SqliteDialect.Instance;

    protected static bool IsText(DatabaseColumn column) => column.Type == ColumnType.String;
}
