using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Udc.Features.Export;
using Udc.Jobs;
using Udc.Tests.Features.Jobs;
using Udc.Tests.TestSupport;
using static Udc.Tests.Features.Jobs.JobsTestClient;

namespace Udc.Tests.Jobs;

/// <summary>Job retention against a real SQLite file and export folder, on a clock the test drives.</summary>
public sealed class JobPrunerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings() => new() { ["UDC_WORK_POLL_MS"] = "50", ["UDC_JOBS_RETENTION_HOURS"] = "24" };

    private static async Task<string> ExportAsync(UdcTestServer server)
    {
        var (status, body, _) = await PostJobAsync(server.Client, """{"kind":"export","source":"support","filters":{"status":"open"}}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body.GetProperty("request_id").GetString()!;
        await WaitForStatusAsync(server.Client, id, "complete");
        return id;
    }

    [Fact]
    public async Task Prune_FinishedJobsPastRetentionAndTheirFiles_DeletedAndRecentOnesKept()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(), time);
        var files = server.Services.GetRequiredService<ExportFiles>();
        var pruner = server.Services.GetRequiredService<JobPruner>();
        var old = await ExportAsync(server);
        var oldFile = files.Find(old);
        time.Advance(TimeSpan.FromHours(20));
        var recent = await ExportAsync(server);
        time.Advance(TimeSpan.FromHours(5));

        var pruned = pruner.Prune(Token);

        using var gone = await server.Client.GetAsync($"/jobs/{old}", Token);
        Assert.Equal(1, pruned);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.NotNull(oldFile);
        Assert.False(File.Exists(oldFile));
        Assert.Null(files.Find(old));
        Assert.Equal("complete", (await GetAsync(server.Client, recent)).GetProperty("status").GetString());
        Assert.NotNull(files.Find(recent));
        Assert.Equal(0, pruner.Prune(Token));
    }

    [Fact]
    public async Task Prune_PastRetentionWithItsCallbackStillPending_KeptUntilTheCallbackIsDelivered()
    {
        await using var receiver = await FakeLlmServer.StartAsync();
        // The callback's receiver is down for hours (each attempt is told to come back in an hour), then takes it.
        for (var i = 0; i < 3; i++)
        {
            receiver.Enqueue("""{"error":"down"}""", 503, ("Retry-After", "3600"));
        }
        receiver.Enqueue("{}");
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var settings = Settings();
        settings["UDC_JOBS_CALLBACK_SECRET"] = "callback-secret-of-32-bytes-long";
        settings["UDC_JOBS_CALLBACK_HOSTS"] = "127.0.0.1";
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings, time);
        var pruner = server.Services.GetRequiredService<JobPruner>();
        var (status, body, _) = await PostJobAsync(server.Client, $$"""{"kind":"export","source":"support","callback_url":"{{receiver.BaseAddress}}done"}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body.GetProperty("request_id").GetString()!;
        await WaitForStatusAsync(server.Client, id, "complete");
        await WaitAsync(() => Task.FromResult(receiver.Requests.Count >= 1 && Leased(server) == 0));
        time.Advance(TimeSpan.FromHours(25));

        pruner.Prune(Token);

        Assert.Equal("complete", (await GetAsync(server.Client, id)).GetProperty("status").GetString());
        // Delivered at last (the fourth attempt): the job is then past retention like any other.
        await WaitAsync(async () =>
        {
            // The clock moves only while no item is leased or due: an hour's jump under a send in flight would end its
            // lease (leases are renewed on real time) and another claim would send the same attempt again. "Not
            // leased" alone is not enough: a claim could commit between that check and the jump.
            if (NothingClaimable(server, time))
            {
                time.Advance(TimeSpan.FromHours(1));
            }
            return await server.Services.GetWorkItemCountAsync() == 0;
        });
        Assert.Equal(4, receiver.Requests.Count);
        time.Advance(TimeSpan.FromHours(25));
        pruner.Prune(Token);
        using var gone = await server.Client.GetAsync($"/jobs/{id}", Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static long Leased(UdcTestServer server) => CountWorkItems(server, "state = 'leased'", DateTimeOffset.UnixEpoch);

    private static bool NothingClaimable(UdcTestServer server, TimeProvider time) =>
        CountWorkItems(server, "state = 'leased' OR due_at <= $now", time.GetUtcNow()) == 0;

    /// <summary>The work items matching <paramref name="where"/>, in which <c>$now</c> is <paramref name="now"/>.</summary>
    private static long CountWorkItems(UdcTestServer server, string where, DateTimeOffset now)
    {
        using var connection = server.Services.GetRequiredService<Udc.Storage.SqliteDatabase>().Open(Udc.Storage.Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM work_items WHERE {where};";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Polls a condition the worker makes true in the background, for at most 30 s.</summary>
    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the worker did not get there in 30 s");
            await Task.Delay(20, Token);
        }
    }
}
