using System.Net;
using Udc.Hosting;
using Udc.Redis;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Hosting;

/// <summary>Every message handler is idempotent: a copy of a message already applied changes nothing.</summary>
public sealed class ReplicaMessagesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<UdcTestServer> StartAsync() => UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("AUTH_ENABLED", "false")));

    private static BusMessage Upsert(string webhookId, string name) => new()
    {
        Kind = "webhook",
        Origin = "other-replica",
        Nonce = Guid.NewGuid().ToString("N"),
        Source = "crm",
        Token = Guid.NewGuid().ToString("N"),
        WebhookId = webhookId,
        EventType = "customer_updated",
        Payload = $$"""{"records": [{"customer_id": 4001, "name": "{{name}}", "status": "active", "created_at": "2024-05-01T00:00:00Z"}]}""",
        ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    private static async Task<string?> CacheOfAsync(UdcTestServer server, string url)
    {
        using var response = await server.Client.GetAsync(url, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
    }

    [Fact]
    public async Task Webhook_AppliedAgainAfterALaterChange_DoesNotUndoIt()
    {
        await using var server = await StartAsync();
        var handler = ReplicaMessages.Handler(server.Services);
        var first = Upsert("msg_first", "First");
        await handler(first);
        await handler(Upsert("msg_second", "Second"));
        await handler(first);
        Assert.Contains("Second", await server.Client.GetStringAsync("/data/crm/4001", Token));
    }

    [Fact]
    public async Task Invalidation_AppliedTwice_KeepsWhatWasCachedInBetween()
    {
        await using var server = await StartAsync();
        var handler = ReplicaMessages.Handler(server.Services);
        var invalidation = new BusMessage { Kind = "invalidate", Origin = "other-replica", Nonce = "n1", Source = "crm", Token = "0123456789abcdef" };
        await CacheOfAsync(server, "/data/crm");
        await handler(invalidation);
        Assert.Equal("miss", await CacheOfAsync(server, "/data/crm"));
        Assert.Equal("hit", await CacheOfAsync(server, "/data/crm"));
        await handler(invalidation);
        Assert.Equal("hit", await CacheOfAsync(server, "/data/crm"));
    }

    [Fact]
    public void Message_WithFieldsFromANewerReplica_StillRead()
    {
        var json = """{"kind": "key_revoked", "origin": "newer-replica", "key_id": "abcdefghijkl", "at": 1, "field_from_the_future": {"x": [1, 2]}}""";

        var message = System.Text.Json.JsonSerializer.Deserialize(json, Udc.Access.AccessJsonContext.Default.BusMessage);

        Assert.NotNull(message);
        Assert.Equal("key_revoked", message.Kind);
        Assert.Equal("abcdefghijkl", message.KeyId);
    }
}
