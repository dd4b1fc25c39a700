using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// The queries the benchmarks time and the allocation budgets weigh, over the seeded tickets of one size, so
/// both measure exactly the same code. Specs are parsed once: the work measured is what a request does after
/// its query string is read.
/// </summary>
internal sealed class QueryWorkload : IDisposable
{
    public const string FilterQuery = "status=open&priority=high&page_size=10";
    public const string TextQuery = "query=refund&page_size=10";
    public const string SortQuery = "sort=-customer_id&page_size=10";
    public const string GroupQuery = "group_by=status,priority&metrics=count";

    // The largest page a client can ask for (QueryLimits.MaxPageSize), so the write is the longest one.
    public const string WriteQuery = "status=open&priority=high&page_size=50";

    // A page of 50 tickets is about 7.4 KB of JSON; 64 KB leaves room for wider sources and never grows.
    private const int ResponseBufferBytes = 64 * 1024;

    private readonly SourceSnapshot _snapshot;
    private readonly QuerySpec _filter;
    private readonly QuerySpec _text;
    private readonly QuerySpec _sort;
    private readonly QuerySpec _groupRows;
    private readonly AggregateSpec _group;
    private readonly QueryResult _page;
    private readonly ArrayBufferWriter<byte> _response = new(ResponseBufferBytes);
    private readonly Utf8JsonWriter _writer;

    private QueryWorkload(SourceSnapshot snapshot)
    {
        _snapshot = snapshot;
        _filter = Parse(snapshot, FilterQuery);
        _text = Parse(snapshot, TextQuery);
        _sort = Parse(snapshot, SortQuery);
        (_groupRows, _group) = ParseAggregate(snapshot, GroupQuery);
        _page = QueryExecutor.Execute(snapshot, Parse(snapshot, WriteQuery));
        _writer = new Utf8JsonWriter(_response, JsonOutput.WriterOptions);
    }

    /// <summary>Loads the <c>support</c> source of the cached demo folder for <paramref name="rowCount"/> tickets, as the server does.</summary>
    public static QueryWorkload Load(int rowCount)
    {
        var catalog = new SourceCatalog(new CatalogOptions(DemoDataCache.Folder(rowCount)), TimeProvider.System);
        catalog.LoadAll();
        if (!catalog.TryGet("support", out var state) || state.Snapshot is not { } snapshot)
        {
            throw new InvalidOperationException($"The demo folder for {rowCount} tickets has no loaded 'support' source: {state?.LastFailure?.Message}");
        }
        if (snapshot.RowCount != rowCount)
        {
            throw new InvalidOperationException($"The 'support' source has {snapshot.RowCount} rows, not {rowCount}; delete {DemoDataCache.Folder(rowCount)} to write it again.");
        }

        var workload = new QueryWorkload(snapshot);
        // The first free-text search folds the text columns and the first sort by a column builds its order
        // keys; both are kept for the snapshot's life, so they are built here rather than inside a measurement.
        workload.TextSearchPage();
        workload.SortByCustomerPage();
        return workload;
    }

    /// <summary><c>status=open&amp;priority=high</c>, newest first, page 1 of 10.</summary>
    public int FilterNewestPage()
    {
        using var result = QueryExecutor.Execute(_snapshot, _filter);
        return result.Total;
    }

    /// <summary>How many rows <c>status=open&amp;priority=high</c> matches.</summary>
    public int FilterCount() => QueryExecutor.Count(_snapshot, _filter);

    /// <summary><c>query=refund</c> across every text column, newest first, page 1 of 10.</summary>
    public int TextSearchPage()
    {
        using var result = QueryExecutor.Execute(_snapshot, _text);
        return result.Total;
    }

    /// <summary>Every row ordered by <c>-customer_id</c> (not the time column), page 1 of 10.</summary>
    public int SortByCustomerPage()
    {
        using var result = QueryExecutor.Execute(_snapshot, _sort);
        return result.Total;
    }

    /// <summary>Every row grouped by <c>status, priority</c> with a count per group.</summary>
    public int GroupByStatusPriority() => Aggregator.Run(_snapshot, _groupRows, _group).TotalGroups;

    /// <summary>Writes a page of 50 rows as the server writes a response body, into a buffer reused per call.</summary>
    public int WritePage()
    {
        _response.ResetWrittenCount();
        _writer.Reset(_response);
        var fields = _page.Spec.Fields;
        _writer.WriteStartArray();
        foreach (var row in _page.Rows)
        {
            _writer.WriteStartObject();
            // Indexed, not foreach: a foreach over IReadOnlyList<Column> boxes an enumerator per row (32 B).
            for (var i = 0; i < fields.Count; i++)
            {
                var column = fields[i];
                _writer.WritePropertyName(column.EncodedName);
                column.WriteJson(_writer, row);
            }
            _writer.WriteEndObject();
        }
        _writer.WriteEndArray();
        _writer.Flush();
        return _response.WrittenCount;
    }

    public void Dispose()
    {
        _page.Dispose();
        _writer.Dispose();
    }

    private static QuerySpec Parse(SourceSnapshot snapshot, string query)
    {
        var issues = new List<ValidationIssue>();
        var parsed = QueryBinder.Bind(snapshot, QueryStringRequest.Read(QueryHelpers.ParseQuery(query), null, issues), RequestOrigin.QueryString, issues);
        return parsed.Spec ?? throw NotParsed(query, parsed.Issues);
    }

    /// <summary>The rows to group (the filters of the query string) and the grouping, as the aggregate endpoint reads them.</summary>
    private static (QuerySpec Rows, AggregateSpec Group) ParseAggregate(SourceSnapshot snapshot, string query)
    {
        var parameters = QueryHelpers.ParseQuery(query);
        var issues = new List<ValidationIssue>();
        var rows = QueryBinder.Bind(snapshot, QueryStringRequest.Read(parameters, AggregateSpec.Parameters, issues), RequestOrigin.QueryString, issues);
        var group = AggregateBinder.Bind(snapshot, QueryStringRequest.ReadAggregate(parameters, issues), RequestOrigin.QueryString);
        return (rows.Spec ?? throw NotParsed(query, rows.Issues), group.Spec ?? throw NotParsed(query, group.Issues));
    }

    private static InvalidOperationException NotParsed(string query, IEnumerable<ValidationIssue> issues) =>
        new($"'{query}' does not parse: {string.Join("; ", issues.Select(i => $"{string.Join('.', i.Loc)}: {i.Msg}"))}");
}
