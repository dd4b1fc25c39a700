using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Udc.Access;
using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Engine.Policies;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// What a row and column policy costs over a million tickets: building the view once per snapshot and policy (the
/// kept rows found, each column subset, one masked), and a <c>/data</c> request's share after the query string is
/// read (resolve through the policy, bind, filter, page) with no policy, with a row filter and a mask, and with a
/// mask alone (every row kept, so only the policy's own per-request cost differs from the baseline).
/// </summary>
[MemoryDiagnoser]
public class PolicyViewBenchmarks
{
    private const int Tickets = 1_000_000;

    /// <summary>A filtered first page, the commonest <c>/data</c> request.</summary>
    private const string Query = "status=open&page_size=10";

    private ServiceProvider _services = null!;
    private SourceResolver _resolver = null!;
    private ValueMasker _masker = null!;
    private SourceSnapshot _snapshot = null!;
    private SourcePolicy _rowAndMask = null!;
    private ClientIdentity _rowAndMaskCaller = null!;
    private ClientIdentity _maskCaller = null!;
    private Dictionary<string, StringValues> _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = DemoDataCache.Folder(Tickets);
        var settings = UdcSettings.Read(_ => null, folder, "http://127.0.0.1:0");
        _services = new ServiceCollection().AddLogging().AddUdc(settings, new ServerOptions(folder, null, "http://127.0.0.1:0", Insecure: false)).BuildServiceProvider();
        _services.GetRequiredService<SourceCatalog>().LoadAll();
        _resolver = _services.GetRequiredService<SourceResolver>();
        _masker = new ValueMasker(settings.Policies.HashKey);
        if (!_resolver.TryResolve("support", null, [], out var snapshot, out _))
        {
            throw new InvalidOperationException("the support source did not load");
        }
        _snapshot = snapshot;
        // High priority is a quarter of the tickets; the subject is shown partially, as a personal-data column would be.
        _rowAndMaskCaller = Caller(new KeyPolicy
        {
            RowFilters = new() { ["support"] = "priority = 'high'" },
            ColumnPolicies = new() { ["support"] = new() { ["subject"] = "partial" } },
        });
        _maskCaller = Caller(new KeyPolicy { ColumnPolicies = new() { ["support"] = new() { ["subject"] = "partial" } } });
        _rowAndMask = _rowAndMaskCaller.Policy!.For("support", _snapshot.Table, null);
        _query = QueryHelpers.ParseQuery(Query);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A view built from nothing: row filter matched, five columns subset to the kept rows, one masked.</summary>
    [Benchmark]
    public int BuildRowFilterAndMaskView() => new PolicyViews(_masker).For(_snapshot, _rowAndMask).Snapshot!.RowCount;

    [Benchmark(Baseline = true)]
    public int PageWithoutPolicy() => Page(null);

    /// <summary>The view is built on the first call and reused, as on a server.</summary>
    [Benchmark]
    public int PageUnderRowFilterAndMask() => Page(_rowAndMaskCaller);

    [Benchmark]
    public int PageUnderMaskOnly() => Page(_maskCaller);

    private int Page(ClientIdentity? caller)
    {
        var issues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(_query, null, issues);
        if (!_resolver.TryResolve("support", caller, [], request, RequestOrigin.QueryString, out var snapshot, out _))
        {
            throw new InvalidOperationException("the support source did not resolve");
        }
        var spec = QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, issues).Spec!;
        using var result = QueryExecutor.Execute(snapshot, spec);
        return result.Total;
    }

    private static ClientIdentity Caller(KeyPolicy written) =>
        new("bench", false, null) { Policy = CallerPolicy.From(written, [], []) ?? throw new InvalidOperationException("the benchmark's policy is not valid") };
}
