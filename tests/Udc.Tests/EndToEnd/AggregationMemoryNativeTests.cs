using System.Net;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary over 300,000 customers, hit by the burst that once took a server from 136 MB to 1.47 GB
/// and left it there: twelve large groupings at once. Past the bounds they are refused in the envelope, the rest
/// are answered, and the memory they used goes back to the system after the burst.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class AggregationMemoryNativeTests : IAsyncLifetime
{
    private const int Burst = 12;

    private readonly TempDataDirectory _data = new("udc-e2e-aggregation-");
    private UdcProcess? _udc;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Customers = 300_000 });
        _udc = await UdcProcess.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["UDC_DATABASE"] = _data.PathOf("udc.db"),
            ["CACHE_ENABLED"] = "false",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_udc is not null)
        {
            await _udc.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task Burst_TwelveLargeGroupings_RefusedOrAnsweredAndMemoryGivenBack()
    {
        using (var warm = await _udc!.Client.GetAsync("/data/crm?page_size=1", Token))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        var ready = ResidentMegabytes();

        // Every customer's email and status (300,000 groups): past the bound on groups. Four fifths of them
        // (80,000): within it, but heavy, so at most a few run at once.
        var tooMany = await BurstAsync("group_by=name,email,status,created_at");
        var heavy = await BurstAsync("customer_id__lte=80000&group_by=email,status");

        Assert.All(tooMany, r => Assert.True(r.Status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.ServiceUnavailable, $"{r.Status}: {r.Body}"));
        Assert.Contains(tooMany, r => r.Status == HttpStatusCode.UnprocessableEntity && r.Body.Contains("\"AGGREGATE_TOO_LARGE\"", StringComparison.Ordinal));
        Assert.All(heavy, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{r.Status}: {r.Body}"));
        Assert.Contains(heavy, r => r.Status == HttpStatusCode.OK);
        Assert.All(tooMany.Concat(heavy).Where(r => r.Status == HttpStatusCode.ServiceUnavailable), r =>
        {
            Assert.Equal("2", r.RetryAfter);
            Assert.Contains("\"SERVER_BUSY\"", r.Body, StringComparison.Ordinal);
        });
        // The memory of the burst is given back a second after it; 15 s bounds the wait on a busy machine.
        var after = ResidentMegabytes();
        for (var waited = 0; after > ready && waited < 150; waited++)
        {
            await Task.Delay(100, Token);
            after = ResidentMegabytes();
        }
        Assert.True(after <= ready, $"resident memory {after} MB after the burst, {ready} MB before it");
    }

    private async Task<List<(HttpStatusCode Status, string? RetryAfter, string Body)>> BurstAsync(string query)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async i =>
        {
            // A different limit each, so no two requests are the same query.
            using var response = await _udc!.Client.GetAsync($"/data/crm/aggregate?{query}&limit={100 + i}", Token);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await response.Content.ReadAsStringAsync(Token));
        }));
        return [.. responses];
    }

    private long ResidentMegabytes()
    {
        var status = File.ReadAllLines($"/proc/{_udc!.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
