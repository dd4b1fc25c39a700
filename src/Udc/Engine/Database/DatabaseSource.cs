using System.Globalization;
using Microsoft.Data.Sqlite;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>
/// A declared database source while UDC runs: its client (the pool), the catalog as last read, and a change marker
/// (row count, PostgreSQL's row-change counters, a SQLite file's size and time) compared on each refresh. A refresh
/// that finds the marker and the columns unchanged publishes nothing, so cached answers stay valid.
/// </summary>
internal sealed class DatabaseSource(DatabaseSourceDefinition definition) : IDisposable
{
    private TaskCompletionSource _refreshRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DatabaseSchema? _schema;
    private string? _marker;
    private volatile bool _stale = true;

    public DatabaseSourceDefinition Definition { get; } = definition;

    public DatabaseClient Client { get; } = DatabaseClient.Create(definition);

    /// <summary>Serialises refreshes of this source (the watcher's and one a failure asks for).</summary>
    public Lock RefreshLock { get; } = new();

    /// <summary>Completes when someone asks for a refresh before the next interval (a NOTIFY, a failed request).</summary>
    public Task RefreshRequested => Volatile.Read(ref _refreshRequested).Task;

    public void RequestRefresh(bool stale = false)
    {
        _stale |= stale;
        Interlocked.Exchange(ref _refreshRequested, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Reads the catalog; returns what to publish, or null when the relation has neither changed shape nor rows since
    /// the last read (and nothing failed meanwhile).
    /// </summary>
    /// <param name="failed">Called when a request finds the database down or the table altered.</param>
    public (SourceDefinition Definition, Table Shape, DatabaseTable Table)? Refresh(Action<DatabaseReadException> failed)
    {
        var schema = DatabaseCatalogReader.ReadSchema(Definition, Client);
        var marker = ChangeMarker(schema);
        if (!_stale && _schema is { } known && known.SameShape(schema) && marker == _marker)
        {
            return null;
        }
        var (refined, columns, rowCount, shape) = DatabaseCatalogReader.ReadProfile(Definition, Client, schema);
        columns = DatabaseCatalogReader.WithPersonalData(Definition, Client, refined, columns);
        var profile = SourceProfile.Of(columns);
        var source = new SourceDefinition(Definition.Name, "", Loading.SourceFormat.Json, Definition.IdColumn, Definition.TimeColumn,
            Definition.Noun ?? Noun.FromFileStem((Definition.Table ?? Definition.Name).Split('.')[^1]).Singular)
        { Database = Definition };
        CheckNamed(refined, Definition.IdColumn, "id_column");
        CheckNamed(refined, Definition.TimeColumn, "time_column");
        var id = Definition.IdColumn ?? SourceSnapshot.InferIdColumn(source, shape, profile)?.Name;
        (_schema, _marker, _stale) = (refined, marker, false);
        return (source with { IdColumn = id }, shape, new DatabaseTable(Definition, Client, refined, profile, rowCount, id, failed));
    }

    private void CheckNamed(DatabaseSchema schema, string? column, string field)
    {
        if (column is not null && !schema.ByName.ContainsKey(column))
        {
            throw new Loading.SourceLoadException(Definition.Name, $"{field} '{column}' is not among the exposed columns: {string.Join(", ", schema.Columns.Select(c => c.Name))}", null, null);
        }
    }

    /// <summary>The row count, PostgreSQL's counters of rows written to the table, and a SQLite file's size and time: any change is a new version.</summary>
    private string ChangeMarker(DatabaseSchema schema)
    {
        var sql = new SqlText().Append("SELECT count(*)");
        if (Definition is { Engine: DatabaseEngine.PostgreSql, Table: { } table })
        {
            sql.Append(", (SELECT coalesce(n_tup_ins + n_tup_upd + n_tup_del, 0) FROM pg_stat_user_tables WHERE relid = to_regclass(").Value(table).Append("))");
        }
        else
        {
            sql.Append(", 0");
        }
        sql.Append(" FROM ").Append(schema.From);
        var marker = Client.Read(Definition.StatementTimeout, session =>
        {
            using var reader = session.Query(sql);
            reader.Read();
            return $"{reader.GetValue(0)}/{(reader.IsDBNull(1) ? 0 : reader.GetValue(1))}";
        });
        if (Definition.Engine == DatabaseEngine.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(Definition.ConnectionString).DataSource;
            foreach (var file in new[] { path, path + "-wal" }.Select(p => new FileInfo(p)).Where(f => f.Exists))
            {
                marker += string.Create(CultureInfo.InvariantCulture, $"/{file.Length}/{file.LastWriteTimeUtc.Ticks}");
            }
        }
        return marker;
    }

    public void Dispose() => Client.Dispose();
}
