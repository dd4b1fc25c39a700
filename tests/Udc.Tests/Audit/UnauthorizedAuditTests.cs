using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Audit;

/// <summary>
/// Refusals before authentication (a bad, missing or URL-borne key) are audited as the caller <c>unknown</c>, never
/// with what was presented, and at most <c>AUDIT_UNAUTHORIZED_PER_MINUTE</c> of them a minute.
/// </summary>
public sealed class UnauthorizedAuditTests
{
    private const string Secret = "udc_k1_notarealkeybutasecretalltheSame";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<JsonDocument> AuditAsync(UdcTestServer server, string query)
    {
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/audit" + query), Token);
        Assert.Equal(200, (int)response.StatusCode);
        return await AccessFixture.JsonAsync(response);
    }

    [Fact]
    public async Task BadMissingAndUrlKeys_AuditedAsUnknownUnauthorized_SecretNeverWritten()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        using (var bad = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", Secret), Token))
        {
            Assert.Equal(401, (int)bad.StatusCode);
        }
        using (var missing = await server.Client.GetAsync("/query", Token))
        {
            Assert.Equal(401, (int)missing.StatusCode);
        }
        using (var inUrl = await server.Client.GetAsync($"/export/crm?api_key={Secret}", Token))
        {
            Assert.Equal(401, (int)inUrl.StatusCode);
        }

        using var audit = await AuditAsync(server, "?outcome=unauthorized");
        var events = audit.RootElement.GetProperty("data").EnumerateArray()
            .Select(e => (e.GetProperty("caller").GetString(), e.GetProperty("surface").GetString(), e.GetProperty("action").GetString(), e.GetProperty("status").GetInt32()))
            .ToList();

        Assert.Equal([("unknown", "export", "GET /export/crm", 401), ("unknown", "sql", "GET /query", 401), ("unknown", "rest", "GET /data/crm", 401)], events);
        Assert.DoesNotContain(Secret, audit.RootElement.GetRawText());
        using var export = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/audit/export?format=ndjson"), Token);
        Assert.DoesNotContain(Secret, await export.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task FloodOfBadKeys_RecordsThePerMinuteBoundCountsTheRest_NextMinuteRecordsAgain()
    {
        var time = new ManualTimeProvider();
        var settings = AccessFixture.Settings(("AUDIT_UNAUTHORIZED_PER_MINUTE", "3"), ("RATE_LIMIT_AUTH_FAILURES", "1000"));
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings, time);
        async Task RefuseAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var response = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", Secret + i), Token);
                Assert.Equal(401, (int)response.StatusCode);
            }
        }

        await RefuseAsync(5);
        using (var first = await AuditAsync(server, "?caller=unknown"))
        {
            Assert.Equal(3, first.RootElement.GetProperty("data").GetArrayLength());
            Assert.Equal(2, first.RootElement.GetProperty("metadata").GetProperty("unauthorized_not_recorded").GetInt64());
        }
        time.Advance(TimeSpan.FromMinutes(1));
        await RefuseAsync(1);

        using var second = await AuditAsync(server, "?caller=unknown");
        Assert.Equal(4, second.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(2, second.RootElement.GetProperty("metadata").GetProperty("unauthorized_not_recorded").GetInt64());
    }

    [Fact]
    public async Task Prune_UnauthorizedPastSevenDays_DeletedWhileReadsStayForTheRetention()
    {
        var time = new ManualTimeProvider();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(), time);
        var (keyId, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using (await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", Secret), Token))
        using (await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm/7", key), Token))
        {
        }
        var trail = server.Services.GetRequiredService<Udc.Audit.AuditTrail>();
        trail.Flush();

        time.Advance(TimeSpan.FromDays(8));
        var deleted = trail.Prune();

        using var audit = await AuditAsync(server, "");
        var callers = audit.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("caller").GetString()).ToList();
        Assert.Equal(1, deleted);
        Assert.Contains($"key:{keyId}", callers);
        Assert.DoesNotContain("unknown", callers);
    }

    [Fact]
    public async Task Start_RefusalsPastSevenDaysStored_PrunedWithoutAnyNewEvent()
    {
        using var data = new TempDataDirectory("udc-audit-prune-start-");
        Udc.Engine.Generation.DemoDataGenerator.Write(data.Path, new Udc.Engine.Generation.DemoDataOptions());
        var time = new ManualTimeProvider();
        await using (var first = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings(), time))
        {
            using (await first.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", Secret), Token))
            {
            }
            first.Services.GetRequiredService<Udc.Audit.AuditTrail>().Flush();
            Assert.Equal(1L, CountUnknown(first));
        }
        time.Advance(TimeSpan.FromDays(8));

        // Nothing is requested: the pruning is scheduled at start, not carried by new events being written.
        await using var second = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings(), time);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (CountUnknown(second) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Token);
        }

        Assert.Equal(0L, CountUnknown(second));
    }

    /// <summary>Stored refusals before authentication, read from the database rather than through <c>/audit</c> (itself audited).</summary>
    private static long CountUnknown(UdcTestServer server)
    {
        using var connection = server.Services.GetRequiredService<Udc.Storage.SqliteDatabase>().Open(Udc.Storage.Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_events WHERE caller = 'unknown';";
        return (long)command.ExecuteScalar()!;
    }
}
