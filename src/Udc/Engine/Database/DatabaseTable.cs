using System.Buffers;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Database;

/// <summary>
/// One version of a database source as the catalog read it: its schema, statistics and row count, and the client its
/// requests run through. Each request becomes one or two statements sent together in one read-only transaction; the
/// rows read come back as columns of their own, so every writer serves them as it serves a data file's.
/// </summary>
/// <param name="scope">A caller's row policy and withheld columns (<see cref="Restrict"/>); null for the whole relation.</param>
internal sealed partial class DatabaseTable(DatabaseSourceDefinition definition, DatabaseClient client, DatabaseSchema schema, SourceProfile profile, int rowCount, string? idColumn,
    Action<DatabaseReadException>? failed, PushdownScope? scope = null) : IPushdownReader
{
    // The catalog's listed values are of the whole relation: an equality on them stays exact under any row policy.
    private readonly PushdownCompiler _compiler = new(schema, client.Dialect, idColumn,
        name => schema[name].Type == ColumnType.String ? profile.Columns.FirstOrDefault(p => p.Column.Name == name)?.Values : null, scope);

    private ScopedStatistics? _scoped;

    public int RowCount => scope is null ? rowCount : Scoped().RowCount;

    public SourceProfile Profile => scope is null ? profile : Scoped().Profile;

    public DatabaseSchema Schema => schema;

    public DatabaseSourceDefinition Definition => definition;

    /// <summary>
    /// This version of the relation as one caller's policy lets it be read: every statement ANDs the scope's row
    /// condition in, hidden columns are neither read nor searched, and the row count and statistics (totals, enum
    /// values, min and max in <c>/sources</c>) are of the rows the caller may see only.
    /// </summary>
    public DatabaseTable Restrict(PushdownScope within) => new(definition, client, schema, profile, rowCount, idColumn, failed, within);

    /// <summary>
    /// Read on first use, with the catalog's statements under the scope: a policy costs its statistics once per
    /// version of the source, and a database that is down fails the request that asked (not a cached failure).
    /// </summary>
    private ScopedStatistics Scoped() => LazyInitializer.EnsureInitialized(ref _scoped, () =>
    {
        try
        {
            var (_, columns, rows, _) = DatabaseCatalogReader.ReadProfile(definition, client, new DatabaseSchema(definition, _compiler.ReadColumns), _compiler.ScopePredicate);
            // What a column holds is judged once, on the catalog's sample: a policy narrows the rows, not their kind.
            var kinds = profile.Columns.ToDictionary(p => p.Column.Name, p => p.PersonalData, StringComparer.Ordinal);
            return new ScopedStatistics(SourceProfile.Of([.. columns.Select(c => c with { PersonalData = kinds.GetValueOrDefault(c.Column.Name) })]), rows);
        }
        catch (DatabaseReadException e) when (e.Failure is DatabaseFailure.Unavailable or DatabaseFailure.SchemaChanged)
        {
            failed?.Invoke(e);
            throw;
        }
    });

    private sealed record ScopedStatistics(SourceProfile Profile, int RowCount);

    /// <summary>10,000 rows is a few megabytes of columns and one statement each: a 100,000-row export is ten.</summary>
    internal const int StreamPartRows = 10_000;

    /// <summary>Where pages of this version end, so the next page starts there; a new version starts with none.</summary>
    private readonly KeysetBoundaries _boundaries = new();

    public QueryResult Execute(SourceSnapshot snapshot, QuerySpec spec)
    {
        // The row cap bounds every read: a page past it is empty, a stream or an export ends at it.
        var cap = definition.RowCap;
        if (spec.Stream)
        {
            return idColumn is null ? Read(snapshot, spec, 0, cap, null, null, null).Result : Stream(snapshot, spec);
        }
        var offset = spec.Offset;
        var limit = Math.Max(0, Math.Min(spec.PageSize, cap - offset));
        var query = idColumn is null ? null : _compiler.Fingerprint(spec);
        var after = query is null || offset == 0 ? null : _boundaries.Find(query, offset);
        var (result, last) = Read(snapshot, spec, offset, limit, after, null, null);
        if (query is not null && last is not null && result.Rows.Length == limit)
        {
            _boundaries.Remember(query, offset + limit, last);
        }
        return result;
    }

    /// <summary>
    /// A stream in keyset parts, all read in one transaction held until the last part is read or the stream is
    /// dropped: every part sees the snapshot of the first, so rows written meanwhile neither appear twice nor go missing.
    /// </summary>
    private QueryResult Stream(SourceSnapshot snapshot, QuerySpec spec)
    {
        var held = Run(() => client.Hold(definition.StatementTimeout));
        try
        {
            // A stream of one part has given its connection back already; a longer one keeps it until its parts end.
            var first = StreamPart(snapshot, spec, held, 0, null, null);
            if (first.Rest is not null)
            {
                first.Reading = held;
            }
            return first;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One part of a stream, each part starting past the last row of the one before (a keyset), so a stream or an
    /// export of the whole row cap holds one part in memory at a time and never makes the database skip rows.
    /// </summary>
    private QueryResult StreamPart(SourceSnapshot snapshot, QuerySpec spec, HeldSession held, int read, object?[]? after, int? total)
    {
        var limit = Math.Min(StreamPartRows, definition.RowCap - read);
        var (result, last) = Read(snapshot, spec, read, limit, after, total, held);
        var next = read + result.Rows.Length;
        if (last is not null && result.Rows.Length == limit && next < Math.Min(result.Total, definition.RowCap))
        {
            var known = result.Total;
            result.Rest = () => StreamPart(snapshot, spec, held, next, last, known);
        }
        else
        {
            // The last part is read: the connection goes back to the pool while the writer still sends it.
            held.Dispose();
        }
        return result;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows from <paramref name="offset"/>, or past <paramref name="after"/> when a
    /// boundary is known; with the keys of the last row read, the next page's boundary (null without an id column).
    /// The count and the rows go in one round trip; through <paramref name="held"/> the transaction stays open for more.
    /// </summary>
    private (QueryResult Result, object?[]? Last) Read(SourceSnapshot snapshot, QuerySpec spec, int offset, int limit, object?[]? after, int? knownTotal, HeldSession? held)
    {
        var (total, table, last) = Run(held, session =>
        {
            var total = knownTotal ?? 0;
            var readColumns = _compiler.ReadColumns;
            Column[]? columns = null;
            var keys = Array.Empty<object?>();
            List<SqlText> statements = knownTotal is null ? [_compiler.Count(spec)] : [];
            if (limit > 0)
            {
                // A page past the last match reads no row: sent with the count, it costs the database less than a round trip.
                statements.Add(_compiler.Page(spec, limit, offset, after));
            }
            session.Batch(statements, (index, reader) =>
            {
                if (index == 0 && knownTotal is null)
                {
                    total = (int)Math.Min(DatabaseSession.Int64(reader), int.MaxValue);
                    return;
                }
                keys = new object?[reader.FieldCount - readColumns.Count];
                var found = keys;
                columns = ResultTableBuilder.ReadColumns(reader, readColumns, found.Length == 0 ? null : row =>
                {
                    for (var k = 0; k < found.Length; k++)
                    {
                        found[k] = row.IsDBNull(readColumns.Count + k) ? null : row.GetValue(readColumns.Count + k);
                    }
                });
            }, end: held is null);
            if (columns is null)
            {
                return (total, ResultTableBuilder.Empty(readColumns), (object?[]?)null);
            }
            var table = new Table(columns, columns.Length == 0 ? 0 : columns[0].RowCount, isNested: false);
            return (total, table, table.RowCount == 0 || keys.Length == 0 ? null : keys);
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
        return (new QueryResult(snapshot.WithRows(table), read, total, rows, table.RowCount), last);
    }

    public int Count(SourceSnapshot snapshot, QuerySpec spec) => Run(null, session =>
    {
        long count = 0;
        session.Batch([_compiler.Count(spec)], (_, reader) => count = DatabaseSession.Int64(reader), end: true);
        return (int)Math.Min(count, int.MaxValue);
    });

    /// <summary>In a transaction of its own, or in <paramref name="held"/>'s when a stream holds one.</summary>
    private T Run<T>(HeldSession? held, Func<DatabaseSession, T> work) =>
        Run(() => held is null ? client.Read(definition.StatementTimeout, work) : held.Read(work));

    /// <summary>A failure that says the database or the table changed is reported, so health shows it and the catalog is read again.</summary>
    private T Run<T>(Func<T> read)
    {
        try
        {
            return read();
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
