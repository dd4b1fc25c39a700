using System.Buffers;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Database;

/// <summary>
/// One version of a database source as the catalog read it: its schema, statistics and row count, and the client its
/// requests run through. Each request becomes one or two statements in one read-only transaction; the rows read come
/// back as columns of their own, so every writer serves them as it serves a data file's.
/// </summary>
internal sealed partial class DatabaseTable(DatabaseSourceDefinition definition, DatabaseClient client, DatabaseSchema schema, SourceProfile profile, int rowCount, string? idColumn,
    Action<DatabaseReadException>? failed) : IPushdownReader
{
    private readonly PushdownCompiler _compiler = new(schema, client.Dialect, idColumn,
        name => schema[name].Type == ColumnType.String ? profile.Columns.FirstOrDefault(p => p.Column.Name == name)?.Values : null);

    public int RowCount => rowCount;

    public SourceProfile Profile => profile;

    public DatabaseSchema Schema => schema;

    public DatabaseSourceDefinition Definition => definition;

    public QueryResult Execute(SourceSnapshot snapshot, QuerySpec spec)
    {
        // The row cap bounds every read: a page past it is empty, a stream or an export ends at it.
        var cap = definition.RowCap;
        var offset = spec.Stream ? 0 : spec.Offset;
        var limit = spec.Stream ? cap : Math.Max(0, Math.Min(spec.PageSize, cap - offset));
        var (total, table) = Run(session =>
        {
            var total = (int)Math.Min(session.Int64(_compiler.Count(spec)), int.MaxValue);
            if (limit == 0 || offset >= total)
            {
                return (total, ResultTableBuilder.Empty(schema.Columns));
            }
            using var reader = session.Query(_compiler.Page(spec, limit, offset));
            return (total, ResultTableBuilder.Read(reader, schema.Columns));
        });
        var rows = ArrayPool<int>.Shared.Rent(Math.Max(1, table.RowCount));
        for (var i = 0; i < table.RowCount; i++)
        {
            rows[i] = i;
        }
        // The filters name the result's columns too, so sentences that tell the id or time column apart still can.
        var read = spec with
        {
            Filters = [.. spec.Filters.Select(f => f with { Column = table.Find(f.Column.Name)! })],
            Fields = [.. spec.Fields.Select(c => table.Find(c.Name)!)],
            Sort = [.. spec.Sort.Select(k => k with { Column = table.Find(k.Column.Name)! })],
        };
        return new QueryResult(snapshot.WithRows(table), read, total, rows, table.RowCount);
    }

    public int Count(SourceSnapshot snapshot, QuerySpec spec) => Run(session => (int)Math.Min(session.Int64(_compiler.Count(spec)), int.MaxValue));

    /// <summary>A failure that says the database or the table changed is reported, so health shows it and the catalog is read again.</summary>
    private T Run<T>(Func<DatabaseSession, T> work)
    {
        try
        {
            return client.Read(definition.StatementTimeout, work);
        }
        catch (DatabaseReadException e) when (e.Failure is DatabaseFailure.Unavailable or DatabaseFailure.SchemaChanged)
        {
            failed?.Invoke(e);
            throw;
        }
    }

    private static DatabaseColumn KeyColumn(DatabaseColumn column, GroupColumn group) => group.Bucket is null ? column : column with { Dictionary = false };

    private static Column[] EmptyKeys(AggregateSpec spec, DatabaseSchema schema) =>
        [.. spec.GroupBy.Select(g => ResultTableBuilder.FromValues(KeyColumn(schema[g.Column.Name], g), []))];
}
