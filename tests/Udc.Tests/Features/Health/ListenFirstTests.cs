using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Udc.Engine.Catalog;
using Udc.Engine.Generation;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;
using Udc.Tools;
using Udc.Tools.Schema;

namespace Udc.Tests.Features.Health;

/// <summary>
/// The server answers before its data is loaded: <c>/health/live</c> at once, <c>/health/ready</c> and a request for
/// a source still loading with 503 <c>SOURCE_LOADING</c>, progress and <c>Retry-After</c>, while the other sources,
/// loaded in parallel, already serve. The <c>support</c> load is held at its start until the test lets it go.
/// </summary>
public sealed class ListenFirstTests : IAsyncLifetime
{
    private readonly TempDataDirectory _dir = new("udc-listen-first-");
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _supportStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _othersLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private UdcTestServer? _server;

    private UdcTestServer Server => _server!;

    public async ValueTask InitializeAsync()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        _server = await UdcTestServer.StartWhileLoadingAsync(_dir.Path, catalog =>
        {
            catalog.BeforeLoad = definition =>
            {
                if (definition.Name == "support")
                {
                    _supportStarted.TrySetResult();
                    _release.Wait(TimeSpan.FromSeconds(30));
                }
            };
            catalog.SourceChanged += state =>
            {
                if (catalog.TryGet("crm", out var crm) && crm.IsReady && catalog.TryGet("analytics", out var analytics) && analytics.IsReady)
                {
                    _othersLoaded.TrySetResult();
                }
            };
        });
        await _supportStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await _othersLoaded.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _release.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Live_WhileLoading_200()
    {
        var response = await Server.GetOkAsync("/health/live");

        Assert.Equal("alive", response.Json.Text("status"));
    }

    [Fact]
    public async Task Ready_WhileASourceLoads_503SourceLoadingWithProgress_ThenReady()
    {
        var loading = (await Server.GetAsync("/health/ready")).Expect(HttpStatusCode.ServiceUnavailable);

        var error = loading.Json.GetProperty("error");
        Assert.Equal("SOURCE_LOADING", error.Text("code"));
        Assert.Contains("1 of 3 sources still loading: support", error.Text("message"), StringComparison.Ordinal);
        Assert.Equal(["source", "support"], error.GetProperty("details")[0].GetProperty("loc").Strings());
        var progress = Assert.Single(error.GetProperty("progress").EnumerateArray());
        Assert.Equal("support", progress.Text("source"));
        Assert.Equal(new FileInfo(_dir.PathOf(DemoDataGenerator.TicketsFileName)).Length, progress.Int("bytes_total"));
        Assert.True(int.Parse(loading.Headers["retry-after"], System.Globalization.CultureInfo.InvariantCulture) >= 1);

        _release.Set();
        await ((SourceCatalog)Server.Services.GetService(typeof(SourceCatalog))!).Loaded.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal("ready", (await Server.GetOkAsync("/health/ready")).Json.Text("status"));
    }

    [Theory]
    [InlineData("/data/support")]
    [InlineData("/data/support/7")]
    [InlineData("/data/support/aggregate?group_by=status")]
    [InlineData("/export/support")]
    public async Task Request_SourceStillLoading_503SourceLoadingWithRetryAfter(string url)
    {
        var response = (await Server.GetAsync(url)).Expect(HttpStatusCode.ServiceUnavailable);

        var error = response.Json.GetProperty("error");
        Assert.Equal("SOURCE_LOADING", error.Text("code"));
        Assert.StartsWith("Source 'support' is still loading: reading, ", error.Text("message"), StringComparison.Ordinal);
        Assert.Equal("loading", error.GetProperty("details")[0].Text("type"));
        var progress = Assert.Single(error.GetProperty("progress").EnumerateArray());
        Assert.Equal("reading", progress.Text("phase"));
        Assert.Equal(JsonValueKind.Number, progress.GetProperty("elapsed_ms").ValueKind);
        Assert.True(response.Headers.ContainsKey("retry-after"));
    }

    [Fact]
    public async Task Request_OtherSources_ServeWhileOneLoads()
    {
        var crm = await Server.GetOkAsync("/data/crm?page_size=1");

        Assert.Equal(50, crm.Metadata.Int("total_results"));
    }

    [Fact]
    public async Task Sources_WhileLoading_EachSourceWithItsState()
    {
        var sources = (await Server.GetOkAsync("/sources")).Data.EnumerateArray().ToDictionary(s => s.Text("name"));

        Assert.Equal("ready", sources["crm"].Text("status"));
        Assert.Equal("ready", sources["analytics"].Text("status"));
        Assert.Equal("loading", sources["support"].Text("status"));
        Assert.Equal("reading", sources["support"].GetProperty("progress").Text("phase"));
        Assert.False(sources["crm"].TryGetProperty("progress", out _));
        var again = (await Server.GetAsync("/sources")).Headers;
        Assert.False(again.TryGetValue("x-cache", out var cache) && cache == "hit", "a list showing a load's progress is never served from the cache");
    }

    [Fact]
    public async Task Tools_DuringTheFirstLoad_ReadsSeeLoadedSourcesAndTheSetIsAnnouncedOnceAtTheEnd()
    {
        var catalog = Server.Services.GetRequiredService<SourceCatalog>();
        var tools = Server.Services.GetRequiredService<ToolCatalog>();
        var during = tools.Current;
        var announced = 0;
        var announcedWhenSupportLoaded = -1;
        tools.Changed += _ => Interlocked.Increment(ref announced);
        catalog.SourceChanged += state =>
        {
            if (state.Name == "support" && state.IsReady)
            {
                announcedWhenSupportLoaded = Volatile.Read(ref announced);
            }
        };

        _release.Set();
        await catalog.Loaded.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        for (var attempt = 0; attempt < 300 && Volatile.Read(ref announced) == 0; attempt++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Contains("crm filters", FilterTitles(during));
        Assert.DoesNotContain("support filters", FilterTitles(during));
        // A publication during the first load rebuilds nothing; the load's end announces the set once.
        Assert.Equal(0, announcedWhenSupportLoaded);
        Assert.Equal(1, Volatile.Read(ref announced));
        Assert.Contains("support filters", FilterTitles(tools.Current));
    }

    private static List<string?> FilterTitles(ToolSet tools) =>
        [.. tools.Find("query_data")!.SchemaFor(SchemaProfile.Mcp).GetProperty("properties").GetProperty("filters").GetProperty("anyOf")
            .EnumerateArray().Select(branch => branch.TryGetProperty("title", out var title) ? title.GetString() : null)];

    [Fact]
    public async Task Summary_WhileLoading_StatusLoading()
    {
        var summary = await Server.GetOkAsync("/health/summary");

        Assert.Equal("loading", summary.Json.Text("status"));
    }
}
