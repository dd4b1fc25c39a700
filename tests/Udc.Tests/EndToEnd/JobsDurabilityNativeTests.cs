using System.Collections.Concurrent;
using System.Diagnostics;
using Udc.Engine.Generation;
using Udc.Tests.Features.Jobs;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary killed with SIGKILL while jobs run, and two replicas sharing Redis and a database with one
/// of them killed: every accepted job completes, and each exactly once (its result is one of the vendor's answers
/// for it and is never replaced).
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class JobsDurabilityNativeTests : IAsyncLifetime
{
    private const int Jobs = 40;

    private readonly ConcurrentDictionary<string, int> _calls = new();
    private string _dataDirectory = "";
    private FakeVendor _vendor = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-jobs-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        _vendor = await FakeVendor.StartAsync();
        // Each answer takes 50 ms and names its call, so a job finished twice would show a later call's number.
        _vendor.Default = async (context, request) =>
        {
            var call = _calls.AddOrUpdate(request.JobId, 1, (_, n) => n + 1);
            await Task.Delay(50, context.RequestAborted);
            await FakeVendor.Json(context, 200, $$"""{"job":"{{request.JobId}}","call":{{call}}}""");
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _vendor.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>A 1 s lease: a killed replica's items are free again a second later.</summary>
    private Dictionary<string, string> Settings(params (string, string)[] extra) =>
        JobsTestClient.Settings(_vendor, [("UDC_WORK_LEASE_SECONDS", "1"), ("UDC_WORKERS", "2"), .. extra]);

    [Fact]
    public async Task Kill9_WhileJobsRun_EveryAcceptedJobCompletesExactlyOnce()
    {
        var accepted = new List<string>();
        await using (var udc = await UdcProcess.StartAsync(_dataDirectory, Settings()))
        {
            for (var i = 0; i < Jobs; i++)
            {
                accepted.Add(await JobsTestClient.StartAsync(udc.Client, $$"""{"n":{{i}}}"""));
            }
            // Some done, some running, most still queued: the worst moment to die.
            await WaitForCallsAsync(5);
            await udc.KillAsync();
        }
        var before = _calls.Count;

        await using (var restarted = await UdcProcess.StartAsync(_dataDirectory, Settings()))
        {
            await AssertAllCompleteOnceAsync(restarted.Client, accepted);
        }
        Assert.True(before < Jobs, $"the kill came after every job had been called ({before})");
    }

    [Fact]
    [Trait("Category", "Redis")]
    public async Task Kill9_OneOfTwoReplicas_TheOtherFinishesItsJobsExactlyOnce()
    {
        Assert.SkipUnless(RedisServer.IsInstalled, "redis-server is not installed");
        await using var redis = await RedisServer.StartAsync();
        var database = Path.Combine(_dataDirectory, ".udc", "shared.db");
        var settings = Settings(("REDIS_URL", redis.Url), ("UDC_DATABASE", database));
        await using var survivor = await UdcProcess.StartAsync(_dataDirectory, settings);
        var accepted = new List<string>();
        await using (var victim = await UdcProcess.StartAsync(_dataDirectory, settings))
        {
            for (var i = 0; i < Jobs; i++)
            {
                accepted.Add(await JobsTestClient.StartAsync((i % 2 == 0 ? victim : survivor).Client, $$"""{"n":{{i}}}"""));
            }
            await WaitForCallsAsync(5);
            await victim.KillAsync();
        }

        await AssertAllCompleteOnceAsync(survivor.Client, accepted);
        var group = await redis.CommandAsync("XINFO", "GROUPS", $"udc:work:{DatabaseId(database)}");
        Assert.Contains("workers", group, StringComparison.Ordinal);
    }

    private async Task WaitForCallsAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (_calls.Values.Sum() < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the vendor was never called");
            await Task.Delay(5, Token);
        }
    }

    private async Task AssertAllCompleteOnceAsync(HttpClient client, List<string> accepted)
    {
        var results = new Dictionary<string, string>();
        foreach (var id in accepted)
        {
            var job = await JobsTestClient.WaitForStatusAsync(client, id, "complete");
            results[id] = job.GetProperty("result").GetRawText();
            var call = job.GetProperty("result").GetProperty("call").GetInt32();
            Assert.InRange(call, 1, _calls[id]);
        }
        // Nothing runs again later: the results stay as they are and no work is left.
        using var listing = new HttpRequestMessage(HttpMethod.Get, "/jobs?status=complete&page_size=100");
        listing.Headers.Add("X-Admin-Key", JobsTestClient.AdminKey);
        using var response = await client.SendAsync(listing, Token);
        var body = await TestJson.ReadAsync(response);
        Assert.Equal(Jobs, body.GetProperty("metadata").GetProperty("total_results").GetInt32());
        foreach (var job in body.GetProperty("data").EnumerateArray())
        {
            Assert.Equal(results[job.GetProperty("request_id").GetString()!], job.GetProperty("result").GetRawText());
        }
    }

    private static string DatabaseId(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = 'database_id'";
        return (string)command.ExecuteScalar()!;
    }
}
