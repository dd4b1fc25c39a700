using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Engine.Generation;
using Udc.Hosting;
using Udc.Mcp.Catalog;
using Udc.Tools;

namespace Udc.Benchmarks.Tools;

/// <summary>
/// UDC's own share of a tool call, without a transport: the runner (arguments, resolver, rate limit, cache, query,
/// budget) and the MCP result it becomes (structured content and the fenced text). Set beside a whole MCP
/// <c>tools/call</c> over HTTP (bench/mcp-load.sh), the rest is the protocol SDK's.
/// </summary>
[MemoryDiagnoser]
public class ToolCallBenchmarks
{
    private string _directory = "";
    private ServiceProvider _services = null!;
    private ToolRunner _runner = null!;
    private ToolSet _tools = null!;
    private Dictionary<string, JsonElement> _query = null!;
    private Dictionary<string, JsonElement> _uncached = null!;
    private readonly ToolCaller _caller = ToolCaller.For(null, "bench");

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("udc-bench-tools-").FullName;
        DemoDataGenerator.Write(_directory, new DemoDataOptions());
        // The per-source rate limit counts every call; a benchmark of millions of calls measures serving, not 429s.
        var settings = UdcSettings.Read(name => name == "RATE_LIMIT_PER_SOURCE" ? "0" : null, _directory, "http://127.0.0.1:0");
        _services = new ServiceCollection().AddLogging().AddUdc(settings, new ServerOptions(_directory, null, "http://127.0.0.1:0", Insecure: false)).BuildServiceProvider();
        _tools = _services.GetRequiredService<ToolCatalog>().Current;
        _services.GetRequiredService<SourceCatalog>().LoadAll();
        _tools = _services.GetRequiredService<ToolCatalog>().Current;
        _runner = _services.GetRequiredService<ToolRunner>();
        _query = Arguments("""{"source": "crm", "filters": {"status": "active"}, "page_size": 10}""");
        _uncached = Arguments("""{"source": "crm", "filters": {"status": "active"}, "page_size": 10, "max_tokens": 1999}""");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The call an MCP client repeats: served from the response cache, as a repeated <c>/data</c> request is.</summary>
    [Benchmark(Baseline = true)]
    public int QueryCached() => _runner.CallAsync(_tools, ToolNames.QueryData, _query, _caller).Result.Json.Length;

    /// <summary>The same call as an MCP result: structured content parsed and the text fenced.</summary>
    [Benchmark]
    public int QueryCachedAsMcpResult() => McpToolResults.From(_runner.CallAsync(_tools, ToolNames.QueryData, _query, _caller).Result).Content.Count;

    /// <summary>The query run every time (the cache is bypassed by building the runner's typed call directly).</summary>
    [Benchmark]
    public int QueryUncached()
    {
        var snapshot = _tools.Snapshots.First(s => s.Name == "crm");
        var parsed = Udc.Engine.Query.QueryBinder.Bind(snapshot, new Udc.Engine.Query.DataRequest { Filters = [new("status", "active")] }, Udc.Engine.Query.RequestOrigin.ToolArguments);
        return _runner.Query(snapshot, parsed.Spec!, OutputBudget.Default, 0, _uncached).Json.Length;
    }

    private static Dictionary<string, JsonElement> Arguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
