using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Udc.Access;
using Udc.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

public sealed class ApiKeysApiTests
{
    [Fact]
    public async Task Create_ThenList_ShowsKeyWithoutPlaintext()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (id, key) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "Mobile App", "sources": ["crm", "support"], "expires_at": "2099-01-01T00:00:00Z"}""");
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/auth/api-keys"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain(key[(4 + ApiKeyFormat.IdLength + 1)..], text);
        using var body = System.Text.Json.JsonDocument.Parse(text);
        var listed = Assert.Single(body.RootElement.EnumerateArray());
        Assert.Equal(id, listed.GetProperty("key_id").GetString());
        Assert.Equal("Mobile App", listed.GetProperty("name").GetString());
        Assert.Equal(["crm", "support"], listed.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("2099-01-01T00:00:00Z", listed.GetProperty("expires_at").GetString());
        Assert.False(listed.GetProperty("revoked").GetBoolean());
    }

    [Theory]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "x", "sources": []}""", "sources")]
    [InlineData("""{"name": "x", "expires_at": "2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"name": "x", "expires_at": "tomorrow"}""", "expires_at")]
    [InlineData("""{"name": "x", "colour": "red"}""", "colour")]
    [InlineData("""not json""", "")]
    [InlineData("""[1]""", "")]
    public async Task Create_InvalidBody_Is422Envelope(string json, string field)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/auth/api-keys", json), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = await AccessFixture.JsonAsync(response);
        Assert.Equal("VALIDATION_ERROR", AccessFixture.ErrorCode(body));
        Assert.Contains(field, body.RootElement.GetProperty("error").GetProperty("details").GetRawText());
    }

    /// <summary>Each wrong shape is said in the API's words: the field, what it takes, and never a .NET type or member.</summary>
    [Theory]
    [InlineData("""{"name": "x", "sources": "crm"}""", "body,sources", "must be a list of source names (strings), or null for all sources", "type_error")]
    [InlineData("""{"name": "x", "sources": [1]}""", "body,sources,0", "wrong value here; sources must be a list of source names (strings), or null for all sources", "type_error")]
    [InlineData("""{"name": ["x"]}""", "body,name", "must be a string", "type_error")]
    [InlineData("""{"name": "x", "expires_at": "tomorrow"}""", "body,expires_at", "must be a date and time in ISO 8601, such as 2030-01-01T00:00:00Z, or null", "type_error")]
    [InlineData("""{"name": "x", "expires_at": 5}""", "body,expires_at", "must be a date and time in ISO 8601, such as 2030-01-01T00:00:00Z, or null", "type_error")]
    [InlineData("""{"name": "x", "colour": "red"}""", "body,colour", "unknown field; valid: name, sources, expires_at, tenant, row_filters, column_policies", "extra_forbidden")]
    [InlineData("""[1]""", "body", "the body must be a JSON object", "type_error")]
    [InlineData("""{"name": "x",}""", "body", "the body is not valid JSON (line 1, byte 14)", "json_invalid")]
    public async Task Create_WrongShape_MessageSpeaksTheApisWords(string json, string location, string message, string type)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/auth/api-keys", json), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(text);
        var detail = Assert.Single(body.RootElement.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal(location, string.Join(",", detail.GetProperty("loc").EnumerateArray().Select(p => p.GetString())));
        Assert.Equal(message, detail.GetProperty("msg").GetString());
        Assert.Equal(type, detail.GetProperty("type").GetString());
        Assert.DoesNotMatch(@"System\.|Udc\.|Nullable|\.NET|Path: \$|LineNumber", text);
    }

    [Fact]
    public async Task Revoke_UnknownOrMalformedId_Is404()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        foreach (var id in new[] { "AAAAAAAAAAAA", "../../etc", "x" })
        {
            using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, $"/auth/api-keys/{Uri.EscapeDataString(id)}/revoke"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Revoke_KeyInUse_StopsWorkingAtOnce()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (id, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using (var before = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        using (var revoke = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, $"/auth/api-keys/{id}/revoke"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        using var after = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task LastUsed_IsWrittenInBatches()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (id, key) = await AccessFixture.CreateKeyAsync(server.Client);
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), TestContext.Current.CancellationToken);
        }
        var registry = server.Services.GetRequiredService<ApiKeyRegistry>();
        Assert.Null(registry.Store.Find(id)!.LastUsedAt);
        Assert.Equal(1, registry.FlushLastUsed());
        Assert.NotNull(registry.Store.Find(id)!.LastUsedAt);
    }

    [Fact]
    public async Task Database_AfterKeysUsed_HoldsNoPlaintextSecret()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using (var response = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        server.Services.GetRequiredService<ApiKeyRegistry>().FlushLastUsed();
        var secret = key[(4 + ApiKeyFormat.IdLength + 1)..];
        var path = server.Services.GetRequiredService<SqliteDatabase>().Path;
        foreach (var file in new[] { path, path + "-wal" })
        {
            if (File.Exists(file))
            {
                var bytes = System.Text.Encoding.Latin1.GetString(await ReadSharedAsync(file));
                Assert.DoesNotContain(secret, bytes);
                Assert.DoesNotContain(secret[..16], bytes);
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
