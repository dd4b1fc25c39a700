using System.Data.Common;
using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>
/// Reads what a database source offers: its exposed columns in UDC's types, and the statistics a data file's profile
/// has (nulls, distinct values, the values of low-cardinality columns, extremes), in two statements over the relation.
/// </summary>
internal static partial class DatabaseCatalogReader
{
    /// <summary>
    /// Profiling counts distinct values of every column: a minute covers a few million rows, and it runs only when
    /// the source is first read or changes, never on a request.
    /// </summary>
    private static readonly TimeSpan s_profileTimeout = TimeSpan.FromMinutes(1);

    /// <summary>As a data file's loader: a dictionary while a column has at most 65,536 values and no more than one per two rows.</summary>
    private const int MaxDictionaryEntries = 65_536;

    /// <summary>The columns exposed, in UDC's types; a configured column the relation lacks is an error naming it.</summary>
    public static DatabaseSchema ReadSchema(DatabaseSourceDefinition definition, DatabaseClient client) =>
        client.Read(definition.StatementTimeout, session => ReadSchema(definition, session, client.Dialect));

    private static DatabaseSchema ReadSchema(DatabaseSourceDefinition definition, DatabaseSession session, SqlDialect dialect)
    {
        var shape = new DatabaseSchema(definition, []);
        var found = new List<DatabaseColumn>();
        using (var reader = session.Query(new SqlText().Append("SELECT * FROM ").Append(shape.From).Append(" LIMIT 0")))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                found.Add(TypeOf(reader.GetName(i), reader.GetDataTypeName(i)));
            }
        }
        if (dialect is SqliteDialect)
        {
            found = [.. found.Select(c => c.Type == ColumnType.String && c.Name.Length > 0 ? SqliteTypeOfValues(session, shape, c) : c)];
        }
        if (definition.Columns is not { } exposed)
        {
            return new DatabaseSchema(definition, found);
        }
        var missing = exposed.Where(name => !found.Any(c => c.Name == name)).ToList();
        if (missing.Count > 0)
        {
            throw new Loading.SourceLoadException(definition.Name, $"{definition.RelationName} has no column {string.Join(", ", missing)}; it has {string.Join(", ", found.Select(c => c.Name))}", null, null);
        }
        return new DatabaseSchema(definition, [.. exposed.Select(name => found.First(c => c.Name == name))]);
    }

    /// <summary>PostgreSQL's type names and SQLite's declared types (by SQLite's own affinity rules), as UDC's column types.</summary>
    private static DatabaseColumn TypeOf(string name, string declared)
    {
        var type = declared.ToLowerInvariant();
        if (type is "date")
        {
            return new DatabaseColumn(name, ColumnType.Timestamp, DateOnly: true);
        }
        if (type.Contains("bool", StringComparison.Ordinal))
        {
            return new DatabaseColumn(name, ColumnType.Boolean);
        }
        if (type.Contains("timestamp", StringComparison.Ordinal) || type.Contains("date", StringComparison.Ordinal))
        {
            return new DatabaseColumn(name, ColumnType.Timestamp);
        }
        if (type.Contains("int", StringComparison.Ordinal) && !type.Contains("interval", StringComparison.Ordinal) || type is "oid")
        {
            return new DatabaseColumn(name, ColumnType.Int64);
        }
        if (type.Contains("real", StringComparison.Ordinal) || type.Contains("floa", StringComparison.Ordinal) || type.Contains("doub", StringComparison.Ordinal)
            || type.Contains("numeric", StringComparison.Ordinal) || type.Contains("decimal", StringComparison.Ordinal))
        {
            return new DatabaseColumn(name, ColumnType.Double);
        }
        return new DatabaseColumn(name, ColumnType.String);
    }

    /// <summary>A SQLite column without a declared type (a view's expression) takes the type of its values.</summary>
    private static DatabaseColumn SqliteTypeOfValues(DatabaseSession session, DatabaseSchema shape, DatabaseColumn column)
    {
        using var reader = session.Query(new SqlText().Append($"SELECT typeof({SqlDialect.Quote(column.Name)}) FROM ").Append(shape.From)
            .Append($" WHERE {SqlDialect.Quote(column.Name)} IS NOT NULL GROUP BY 1"));
        var kinds = new List<string>();
        while (reader.Read())
        {
            kinds.Add(reader.GetString(0));
        }
        return kinds switch
        {
            ["integer"] => column with { Type = ColumnType.Int64 },
            ["real"] or ["integer", "real"] or ["real", "integer"] => column with { Type = ColumnType.Double },
            _ => column,
        };
    }

    /// <summary>Row count and column statistics; string columns learn whether they are held as dictionaries, instants whether they are dates.</summary>
    /// <param name="scope">Writes a caller's row policy as a predicate of the statement it is given; the statistics are then of those rows only.</param>
    public static (DatabaseSchema Schema, IReadOnlyList<ColumnProfile> Profile, int RowCount, Table Shape) ReadProfile(DatabaseSourceDefinition definition, DatabaseClient client, DatabaseSchema schema,
        Func<SqlText, string?>? scope = null) =>
        client.Read(s_profileTimeout, session => ReadProfile(definition, session, client.Dialect, schema, scope));

    private static (DatabaseSchema, IReadOnlyList<ColumnProfile>, int, Table) ReadProfile(DatabaseSourceDefinition definition, DatabaseSession session, SqlDialect dialect, DatabaseSchema schema,
        Func<SqlText, string?>? scope)
    {
        var sql = new SqlText().Append("SELECT count(*)");
        foreach (var column in schema.Columns)
        {
            var read = dialect.Read(column);
            sql.Append($", count({read}), count(DISTINCT {read}), min({read}), max({read})");
            // SQLite keeps instants as text: a column of bare dates is written back as dates, as a data file's would be.
            sql.Append(column.Type == ColumnType.Timestamp && dialect is SqliteDialect ? $", sum(CASE WHEN length(CAST({SqlDialect.Quote(column.Name)} AS TEXT)) > 10 THEN 1 ELSE 0 END)" : ", 0");
        }
        sql.Append(" FROM ").Append(schema.From);
        if (scope?.Invoke(sql) is { } rowsInScope)
        {
            sql.Append(" WHERE ").Append(rowsInScope);
        }
        var stats = new List<(long NonNull, long Distinct, object? Min, object? Max, long Timed)>();
        long rows;
        using (var reader = session.Query(sql))
        {
            reader.Read();
            rows = reader.GetInt64(0);
            for (var i = 0; i < schema.Columns.Count; i++)
            {
                var at = 1 + (5 * i);
                stats.Add((Convert.ToInt64(reader.GetValue(at), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(at + 1), CultureInfo.InvariantCulture),
                    NullIfDb(reader, at + 2), NullIfDb(reader, at + 3), reader.IsDBNull(at + 4) ? 0 : Convert.ToInt64(reader.GetValue(at + 4), CultureInfo.InvariantCulture)));
            }
        }
        var rowCount = (int)Math.Min(rows, int.MaxValue);
        var columns = schema.Columns.Select((c, i) => c.Type switch
        {
            ColumnType.String => c with { Dictionary = stats[i].Distinct <= Math.Min(MaxDictionaryEntries, Math.Max(1, rowCount / 2)) },
            ColumnType.Timestamp when dialect is SqliteDialect => c with { DateOnly = stats[i].NonNull > 0 && stats[i].Timed == 0 },
            _ => c,
        }).ToList();
        var refined = new DatabaseSchema(definition, columns);
        var shape = ResultTableBuilder.Empty(columns);
        var profiles = new List<ColumnProfile>();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var (nonNull, distinct, min, max, _) = stats[i];
            IReadOnlyList<string>? values = null;
            if (distinct <= SourceProfile.MaxListedValues && column.Type is ColumnType.String or ColumnType.Boolean)
            {
                values = ListValues(session, dialect, refined, column, scope);
                values = values.Any(v => v.Length > SourceProfile.MaxListedValueLength) ? null : values;
            }
            string? minText = null, maxText = null;
            if (column.Type is ColumnType.Int64 or ColumnType.Double or ColumnType.Timestamp && min is not null)
            {
                var extremes = ResultTableBuilder.FromValues(column, [min, max]);
                (minText, maxText) = (extremes.FormatText(0), extremes.FormatText(1));
            }
            profiles.Add(new ColumnProfile(shape.Columns[i], (int)Math.Min(rows - nonNull, int.MaxValue), (int)Math.Min(distinct, int.MaxValue), values, minText, maxText));
        }
        return (refined, profiles, rowCount, shape);
    }

    /// <summary>The distinct values of a low-cardinality column, as a data file's profile lists them: as written, in ordinal order.</summary>
    private static List<string> ListValues(DatabaseSession session, SqlDialect dialect, DatabaseSchema schema, DatabaseColumn column, Func<SqlText, string?>? scope)
    {
        var read = dialect.Read(column);
        var sql = new SqlText().Append($"SELECT DISTINCT {read} FROM ").Append(schema.From).Append($" WHERE {SqlDialect.Quote(column.Name)} IS NOT NULL");
        if (scope?.Invoke(sql) is { } rowsInScope)
        {
            sql.Append(" AND ").Append(rowsInScope);
        }
        using var reader = session.Query(sql);
        var raw = new List<object?>();
        while (reader.Read())
        {
            raw.Add(reader.GetValue(0));
        }
        var listed = ResultTableBuilder.FromValues(column with { Dictionary = false }, raw);
        return [.. Enumerable.Range(0, raw.Count).Select(row => listed.FormatText(row)!).Order(StringComparer.Ordinal)];
    }

    private static object? NullIfDb(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
}
