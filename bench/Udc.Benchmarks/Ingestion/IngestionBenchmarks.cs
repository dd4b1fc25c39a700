using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Engine.Patching;
using Udc.Ingestion.Connectors;
using Udc.Ingestion.Fetching;
using Udc.Ingestion.Running;
using Udc.Ingestion.Storage;
using Udc.Outbound;
using Udc.Storage;

namespace Udc.Benchmarks.Ingestion;

/// <summary>
/// A run of an HTTP JSON connector against a loopback API of <see cref="Records"/> records, 1,000 per page: every
/// page fetched, parsed, committed to SQLite with its checkpoint (fsync per page) and patched into a queryable
/// source. <see cref="NoChangeRun"/> is the run that finds nothing new: one conditional request answered 304.
/// </summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    private const int PageSize = 1_000;

    private WebApplication _upstream = null!;
    private byte[][] _pages = null!;
    private string _directory = "";
    private HttpClient _client = null!;
    private ConnectorDefinition _connector = null!;
    private UpstreamClient _upstreamClient = null!;
    private IngestStore _store = null!;
    private ConnectorRunner _runner = null!;
    private SourceCatalog _catalog = null!;
    private SourceDefinition _source = null!;

    [Params(100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pages = [.. Enumerable.Range(0, Records / PageSize).Select(Page)];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _upstream = builder.Build();
        _upstream.Run(ServeAsync);
        await _upstream.StartAsync();
        var address = new Uri(_upstream.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _directory = Directory.CreateTempSubdirectory("udc-bench-ingest-").FullName;
        var path = Path.Combine(_directory, "connectors.jsonc");
        await File.WriteAllTextAsync(path, $$$"""
            {"connectors": {"orders": {"type": "http_json", "url": "{{{address}}}items", "records": "/data", "id_field": "id",
              "pagination": {"type": "page", "size_param": "per_page", "size": {{{PageSize}}}}, "allow_addresses": ["127.0.0.1"] } } }
            """);
        _connector = ConnectorFile.Read(path, _directory, _ => null).Connectors.Single();
        var time = TimeProvider.System;
        var targets = new OutboundTargets(time);
        _client = OutboundHttp.CreateClient(_connector.Timeout, _connector.Addresses, NullLogger<SameOriginRedirects>.Instance);
        _upstreamClient = new UpstreamClient(_connector, _client, targets, null);
        _source = new SourceDefinition("orders", Path.Combine(_directory, "orders"), SourceFormat.Ingested, "id", null, null);
    }

    [IterationSetup]
    public void FreshDatabase()
    {
        SqliteConnectionPools.Clear();
        foreach (var file in Directory.EnumerateFiles(_directory, "udc.db*"))
        {
            File.Delete(file);
        }
        _store = new IngestStore(new SqliteDatabase(Path.Combine(_directory, "udc.db")));
        _runner = new ConnectorRunner(_store, TimeProvider.System, NullLogger<ConnectorRunner>.Instance);
        _catalog = new SourceCatalog(new CatalogOptions(_directory, null), TimeProvider.System);
        _catalog.PublishIngested(_source, new Table([], 0, false), DateTimeOffset.UnixEpoch, "", TimeSpan.Zero);
    }

    /// <summary>Every record from an empty database into the source.</summary>
    [Benchmark]
    public async Task<int> IngestAll()
    {
        var result = await RunAsync();
        return result.Status == IngestRun.Succeeded && _catalog.TryGet("orders", out var state) ? state.Snapshot!.RowCount : throw new InvalidOperationException(result.Error);
    }

    /// <summary>A run after a complete one, the upstream unchanged: one request, answered 304.</summary>
    [Benchmark]
    public async Task<string> NoChangeRun()
    {
        var result = await RunAsync();
        return result.Status;
    }

    [IterationSetup(Target = nameof(NoChangeRun))]
    public void CompleteRunFirst()
    {
        FreshDatabase();
        RunAsync().GetAwaiter().GetResult();
    }

    private Task<RunResult> RunAsync()
    {
        var runId = _store.StartRun("orders", "schedule", DateTimeOffset.UtcNow);
        return _runner.RunAsync(_connector, _upstreamClient, _directory, runId, commit =>
        {
            _catalog.AppendIngested("orders", [.. commit.Changed.Select(r => new RecordChange(RecordChangeKind.Upsert, r))], DateTimeOffset.UtcNow, "");
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (context.Request.Headers.IfNoneMatch == "\"v1\"")
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var page = int.Parse(context.Request.Query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        if (page == 1)
        {
            context.Response.Headers.ETag = "\"v1\"";
        }
        await context.Response.Body.WriteAsync(page <= _pages.Length ? _pages[page - 1] : "{\"data\": []}"u8.ToArray());
    }

    private static byte[] Page(int index)
    {
        var body = new StringBuilder("{\"data\": [");
        for (var i = 0; i < PageSize; i++)
        {
            var id = index * PageSize + i + 1;
            body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"id\": {id}, \"customer\": \"customer {id % 997}\", \"status\": \"{(id % 3 == 0 ? "open" : "closed")}\", \"amount\": {id % 1000}.5, \"updated_at\": \"2026-03-01T10:{id % 60:00}:00Z\"}}");
        }
        return Encoding.UTF8.GetBytes(body.Append("]}").ToString());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _upstream.DisposeAsync();
        SqliteConnectionPools.Clear();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Closes pooled SQLite connections so the database file can be deleted between iterations.</summary>
internal static class SqliteConnectionPools
{
    public static void Clear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
