using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Tests.TestSupport;

/// <summary>
/// Copies a data file's rows into a database table of the matching types, through UDC's own loader, so a database
/// source and a file source hold exactly the same rows. Inserts are parameterized, a few hundred rows a statement.
/// </summary>
internal static class DatabaseSeeder
{
    private const int RowsPerStatement = 500;

    public static async Task CopyToPostgresAsync(string connectionString, string file, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await CopyAsync(connection, TableLoader.Load(file, SourceFormats.FromPath(file)!.Value), table, postgres: true);
    }

    public static async Task CopyToSqliteAsync(string databaseFile, string file, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await CopyAsync(connection, TableLoader.Load(file, SourceFormats.FromPath(file)!.Value), table, postgres: false);
    }

    private static async Task CopyAsync(DbConnection connection, Table data, string table, bool postgres)
    {
        var columns = data.Columns;
        var definitions = columns.Select(c => $"\"{c.Name}\" {TypeName(c, postgres)}");
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS \"{table}\"; CREATE TABLE \"{table}\" ({string.Join(", ", definitions)})", []);
        for (var start = 0; start < data.RowCount; start += RowsPerStatement)
        {
            var end = Math.Min(data.RowCount, start + RowsPerStatement);
            var values = new List<object?>();
            var rows = new List<string>();
            for (var row = start; row < end; row++)
            {
                rows.Add("(" + string.Join(", ", columns.Select(c =>
                {
                    values.Add(Value(c, row, postgres));
                    return "@p" + (values.Count - 1);
                })) + ")");
            }
            await ExecuteAsync(connection, $"INSERT INTO \"{table}\" VALUES {string.Join(", ", rows)}", values);
        }
    }

    private static string TypeName(Column column, bool postgres) => column switch
    {
        Int64Column => "bigint",
        DoubleColumn => postgres ? "double precision" : "REAL",
        BooleanColumn => "boolean",
        TimestampColumn { DateOnly: true } => "date",
        TimestampColumn => postgres ? "timestamptz" : "TIMESTAMP",
        _ => "text",
    };

    private static object? Value(Column column, int row, bool postgres)
    {
        if (column.IsNull(row))
        {
            return null;
        }
        return column switch
        {
            Int64Column integers => integers[row],
            DoubleColumn reals => reals.Values[row],
            BooleanColumn flags => flags[row],
            TimestampColumn { DateOnly: true } dates when postgres => DateOnly.FromDateTime(TimestampColumn.ToDateTime(dates[row])),
            TimestampColumn instants when postgres => DateTime.SpecifyKind(TimestampColumn.ToDateTime(instants[row]), DateTimeKind.Utc),
            _ => column.FormatText(row),
        };
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, List<object?> values)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "p" + i;
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
