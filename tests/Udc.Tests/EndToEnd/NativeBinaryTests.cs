using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>The published native binary, over loopback HTTP, on demo data: the seed's README examples.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class NativeBinaryTests : IAsyncLifetime
{
    private string _dataDirectory = "";
    private UdcProcess? _udc;

    private HttpClient Client => _udc!.Client;

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-e2e-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        _udc = await UdcProcess.StartAsync(_dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_udc is not null)
        {
            await _udc.DisposeAsync();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Theory]
    [InlineData("/data/crm?status=active&page=1&page_size=5", "crm", 5)]
    [InlineData("/data/support?status=open&priority=high", "support", -1)]
    [InlineData("/data/analytics?metric=daily_active_users&start_date=2024-03-01&end_date=2024-03-31", "analytics", 10)]
    [InlineData("/data/crm?page=1&page_size=5", "crm", 5)]
    public async Task SeedExample_NativeBinary_ReturnsSeedShape(string url, string source, int expectedRows)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var data = body.RootElement.GetProperty("data");
        var metadata = body.RootElement.GetProperty("metadata");
        foreach (var field in new[] { "total_results", "returned_results", "page", "page_size", "total_pages" })
        {
            Assert.Equal(JsonValueKind.Number, metadata.GetProperty(field).ValueKind);
        }
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("data_freshness").ValueKind);
        Assert.Contains(metadata.GetProperty("staleness_indicator").GetString(), new[] { "fresh", "stale", "very_stale" });
        Assert.False(string.IsNullOrWhiteSpace(metadata.GetProperty("voice_context").GetString()));
        Assert.Equal(source, metadata.GetProperty("source").GetString());
        Assert.Equal(data.GetArrayLength(), metadata.GetProperty("returned_results").GetInt32());
        if (expectedRows >= 0)
        {
            Assert.Equal(expectedRows, data.GetArrayLength());
        }
    }

    [Fact]
    public async Task Stream_NativeBinary_WritesEveryRowAsNdjson()
    {
        using var response = await Client.GetAsync("/data/crm?stream=true", TestContext.Current.CancellationToken);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("customer_id").GetInt32()).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 50).ToHashSet(), ids);
    }

    [Fact]
    public async Task InvalidParameter_NativeBinary_ReturnsSeedErrorEnvelope()
    {
        using var response = await Client.GetAsync("/data/crm?page_size=51", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        var detail = error.GetProperty("details")[0];
        Assert.Equal(new[] { "query", "page_size" }, detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
        Assert.Equal("ensure this value is less than or equal to 50", detail.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task NewFile_DroppedIntoDataFolder_BecomesSourceWithoutRestart()
    {
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "orders.csv"), "order_id,amount,placed_at\n1,9.5,2024-03-01\n2,12.25,2024-03-02\n", TestContext.Current.CancellationToken);
        var total = await PollAsync(async () =>
        {
            using var response = await Client.GetAsync("/data/orders", TestContext.Current.CancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (int?)null;
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return body.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32();
        });
        Assert.Equal(2, total);
    }

    [Fact]
    public async Task BrokenReload_NativeBinary_KeepsServingPreviousSnapshotAndReportsError()
    {
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "customers.json"), "[{\"customer_id\": 1,", TestContext.Current.CancellationToken);
        var error = await PollAsync(async () =>
        {
            using var body = JsonDocument.Parse(await Client.GetStringAsync("/health/summary", TestContext.Current.CancellationToken));
            var crm = body.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "crm");
            return crm.GetProperty("last_reload_error").GetString();
        });
        Assert.Contains("customers.json", error);
        using var page = JsonDocument.Parse(await Client.GetStringAsync("/data/crm", TestContext.Current.CancellationToken));
        Assert.Equal(50, page.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32());
        using var ready = await Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>Polls until the value is set; file watching is asynchronous by nature. Bounded at ten seconds.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> read)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (await read() is { } value)
            {
                return value;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("the condition did not hold within 10 s");
    }
}

[CollectionDefinition(nameof(EndToEndCollection), DisableParallelization = true)]
public sealed class EndToEndCollection;
