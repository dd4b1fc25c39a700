using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Udc.Engine.Generation;
using Udc.Storage;
using Udc.Tests.TestSupport;
using Udc.Webhooks;

namespace Udc.Tests.Webhooks;

/// <summary>
/// Webhook retention against a real SQLite file, on a clock the test drives. The demo files are written at the
/// machine's time; a clock started 30 days before it makes every event older than its file (the file holds it),
/// one started a day after it makes every event newer (only the event log holds the change).
/// </summary>
public sealed class WebhookPrunerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings(params (string, string)[] extra) => AccessFixture.Settings([("AUTH_ENABLED", "false"), .. extra]);

    private static ManualTimeProvider ClockBeforeTheFiles() => new(DateTimeOffset.UtcNow.AddDays(-30));

    private static async Task<string> PostAsync(UdcTestServer server, TimeProvider time, string webhookId, string body, long? timestamp = null)
    {
        using var response = await server.Client.SendAsync(AccessFixture.SignedWebhook(webhookId, body, timestamp ?? time.GetUtcNow().ToUnixTimeSeconds()), Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>The stored events as <c>GET /webhooks/events</c> lists them: webhook id and applied_at, newest first.</summary>
    private static async Task<List<(string Id, string? AppliedAt)>> ListAsync(UdcTestServer server)
    {
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/webhooks/events?page_size=100"), Token);
        using var body = await AccessFixture.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("webhook_id").GetString()!, e.GetProperty("applied_at").GetString()))];
    }

    private static async Task<JsonElement> HealthWebhooksAsync(UdcTestServer server)
    {
        using var summary = await AccessFixture.SummaryAsync(server.Client);
        return summary.RootElement.GetProperty("webhooks").Clone();
    }

    private static Task<int> PruneAsync(UdcTestServer server) => server.Services.GetRequiredService<WebhookPruner>().PruneAsync(Token);

    [Fact]
    public async Task Prune_AppliedEventsPastRetention_DeletedAndRecentOnesStillListed()
    {
        var time = ClockBeforeTheFiles();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(), time);
        Assert.Equal("applied", await PostAsync(server, time, "msg_old_1", AccessFixture.UpsertCustomer(4001, "Old One")));
        Assert.Equal("applied", await PostAsync(server, time, "msg_old_2", AccessFixture.UpsertCustomer(4002, "Old Two")));
        time.Advance(TimeSpan.FromDays(6));
        Assert.Equal("applied", await PostAsync(server, time, "msg_recent", AccessFixture.UpsertCustomer(4003, "Recent")));
        time.Advance(TimeSpan.FromDays(2));

        await PruneAsync(server);

        Assert.Equal(["msg_recent"], (await ListAsync(server)).Select(e => e.Id));
        var health = await HealthWebhooksAsync(server);
        Assert.Equal(7, health.GetProperty("retention_days").GetInt32());
        Assert.Equal(2, health.GetProperty("pruned_events").GetInt64());
        Assert.Equal(time.GetUtcNow(), health.GetProperty("last_prune_at").GetDateTimeOffset());
        // Pruning forgets the events, not their changes.
        Assert.Contains("Old One", await server.Client.GetStringAsync("/data/crm/4001", Token));
    }

    [Fact]
    public async Task Start_OldAppliedEventsInTheDatabase_PrunedWithoutBeingAsked()
    {
        using var data = new TempDataDirectory("udc-prune-start-");
        DemoDataGenerator.Write(data.Path, new DemoDataOptions());
        var time = ClockBeforeTheFiles();
        await using (var first = await UdcTestServer.StartAsync(data.Path, Settings(), time))
        {
            Assert.Equal("applied", await PostAsync(first, time, "msg_before_restart", AccessFixture.UpsertCustomer(4201, "Before Restart")));
        }
        time.Advance(TimeSpan.FromDays(10));

        await using var second = await UdcTestServer.StartAsync(data.Path, Settings(), time);

        // The scheduled pruner's first run comes with the start; nothing here calls it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await HealthWebhooksAsync(second)).GetProperty("pruned_events").GetInt64() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Token);
        }
        Assert.Equal(1, (await HealthWebhooksAsync(second)).GetProperty("pruned_events").GetInt64());
        Assert.Empty(await ListAsync(second));
    }

    [Fact]
    public async Task Prune_AcceptedButUnappliedEventPastRetention_Kept()
    {
        var time = ClockBeforeTheFiles();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(), time);
        // Stored and not applied: what a crash between the write and the apply leaves for the next start.
        var store = server.Services.GetRequiredService<WebhookEventStore>();
        Assert.NotNull(store.TryInsert("msg_pending", "crm", "customer_updated", """{"records": [{"customer_id": 4101, "name": "Pending"}]}""", time.GetUtcNow()));
        Assert.Equal("applied", await PostAsync(server, time, "msg_done", AccessFixture.UpsertCustomer(4102, "Done")));
        time.Advance(TimeSpan.FromDays(30));

        await PruneAsync(server);

        var (id, appliedAt) = Assert.Single(await ListAsync(server));
        Assert.Equal("msg_pending", id);
        Assert.Null(appliedAt);
        Assert.Single(store.Unapplied());
    }

    [Fact]
    public async Task Replay_WithinToleranceAfterPrune_AcknowledgedAsDuplicateAndNotAppliedAgain()
    {
        var time = ClockBeforeTheFiles();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(("WEBHOOK_RETENTION_DAYS", WebhookSettings.MinRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture))), time);
        await PostAsync(server, time, "msg_stale", AccessFixture.UpsertCustomer(4201, "Stale"));
        time.Advance(TimeSpan.FromDays(WebhookSettings.MinRetentionDays) + TimeSpan.FromMinutes(1));
        var signedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var first = AccessFixture.UpsertCustomer(1, "First Name");
        Assert.Equal("applied", await PostAsync(server, time, "msg_first", first, signedAt));
        Assert.Equal("applied", await PostAsync(server, time, "msg_second", AccessFixture.UpsertCustomer(1, "Second Name")));
        time.Advance(TimeSpan.FromMinutes(4));

        await PruneAsync(server);
        // The same signed request again, still inside the 5-minute tolerance, after a run that did delete.
        var replay = await PostAsync(server, time, "msg_first", first, signedAt);

        Assert.Equal(1, (await HealthWebhooksAsync(server)).GetProperty("pruned_events").GetInt64());
        Assert.Equal("duplicate", replay);
        Assert.Contains("Second Name", await server.Client.GetStringAsync("/data/crm/1", Token));
        Assert.Equal(["msg_second", "msg_first"], (await ListAsync(server)).Select(e => e.Id));
    }

    [Fact]
    public async Task Prune_MoreEventsThanOneBatch_AllDeletedInOneRun()
    {
        var time = ClockBeforeTheFiles();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(), time);
        const int count = (3 * WebhookPruner.BatchSize) + 1;
        InsertAppliedEvents(server.Services.GetRequiredService<SqliteDatabase>(), count, time.GetUtcNow());
        time.Advance(TimeSpan.FromDays(8));

        await PruneAsync(server);

        Assert.Empty(await ListAsync(server));
        Assert.Equal(count, (await HealthWebhooksAsync(server)).GetProperty("pruned_events").GetInt64());
    }

    [Fact]
    public async Task Prune_EventNewerThanItsSourceFile_KeptUntilTheFileIsWrittenAgain()
    {
        using var data = new TempDataDirectory("udc-webhook-prune-");
        DemoDataGenerator.Write(data.Path, new DemoDataOptions());
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        await using (var first = await UdcTestServer.StartAsync(data.Path, Settings(), time))
        {
            await PostAsync(first, time, "msg_only_here", AccessFixture.UpsertCustomer(4301, "Only In The Log"));
            time.Advance(TimeSpan.FromDays(30));
            await PruneAsync(first);
            Assert.Equal(["msg_only_here"], (await ListAsync(first)).Select(e => e.Id));
        }
        await using (var second = await UdcTestServer.StartAsync(data.Path, Settings(), time))
        {
            // The change is not in the file: the kept event is what brings it back after a restart.
            Assert.Contains("Only In The Log", await second.Client.GetStringAsync("/data/crm/4301", Token));
            await PruneAsync(second);
            Assert.Single(await ListAsync(second));
        }
        // The exporter writes the file again, with the change in it: now the event can go.
        File.SetLastWriteTimeUtc(data.PathOf(DemoDataGenerator.CustomersFileName), time.GetUtcNow().UtcDateTime);
        await using var third = await UdcTestServer.StartAsync(data.Path, Settings(), time);

        await PruneAsync(third);

        Assert.Empty(await ListAsync(third));
    }

    /// <summary>Applied events of crm written in one transaction: thousands of single fsynced inserts would take seconds.</summary>
    private static void InsertAppliedEvents(SqliteDatabase database, int count, DateTimeOffset receivedAt)
    {
        using var connection = database.Open(Durability.Normal);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO webhook_events (webhook_id, source, event_type, payload, received_at, applied_at)
            VALUES ($id, 'crm', 'customer_updated', '{}', $at, $at);
            """;
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        command.Parameters.AddWithValue("$at", receivedAt.ToUnixTimeMilliseconds());
        for (var i = 0; i < count; i++)
        {
            id.Value = $"msg_bulk_{i}";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
