using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.WebUtilities;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// Group-bys whose key space is too large for the dense arrays, over 1,000,000 seeded tickets: one column of
/// about 100,000 values (every customer), and four columns whose combinations are nearly one per row, the
/// query that once took a server's memory from 136 MB to 1.47 GB when twelve ran at once.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AggregationBenchmarks
{
    public const string ByCustomer = "group_by=customer_id&limit=1000";
    public const string ByFourColumns = "group_by=customer_id,subject,status,created_at&limit=1000";

    private SourceSnapshot? _snapshot;
    private (QuerySpec Rows, AggregateSpec Group) _byCustomer;
    private (QuerySpec Rows, AggregateSpec Group) _byFourColumns;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = new SourceCatalog(new CatalogOptions(DemoDataCache.Folder(1_000_000)), TimeProvider.System);
        catalog.LoadAll();
        _snapshot = catalog.TryGet("support", out var state) ? state.Snapshot : null;
        _byCustomer = Parse(ByCustomer);
        _byFourColumns = Parse(ByFourColumns);
        // Order keys of the text columns are built on their first use and kept for the snapshot's life.
        _ = _snapshot!.Table.Columns.Select(c => c.OrderKeys).ToList();
    }

    [Benchmark]
    public int GroupByCustomer() => Aggregator.Run(_snapshot!, _byCustomer.Rows, _byCustomer.Group).TotalGroups;

    [Benchmark]
    public int GroupByFourColumns()
    {
        try
        {
            return Aggregator.Run(_snapshot!, _byFourColumns.Rows, _byFourColumns.Group).TotalGroups;
        }
        catch (Exception e) when (e.GetType().Name == "AggregationLimitException")
        {
            return -1;
        }
    }

    private (QuerySpec, AggregateSpec) Parse(string query)
    {
        var parameters = QueryHelpers.ParseQuery(query);
        var issues = new List<ValidationIssue>();
        var rows = QueryBinder.Bind(_snapshot!, QueryStringRequest.Read(parameters, AggregateSpec.Parameters, issues), RequestOrigin.QueryString, issues);
        var group = AggregateBinder.Bind(_snapshot!, QueryStringRequest.ReadAggregate(parameters, issues), RequestOrigin.QueryString);
        return (rows.Spec!, group.Spec!);
    }
}
