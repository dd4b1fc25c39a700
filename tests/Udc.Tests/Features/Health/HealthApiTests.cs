using System.Globalization;
using System.Net;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Health;

/// <summary><c>/health/live</c>, <c>/health/ready</c> and <c>/health/summary</c>, healthy and with a broken file.</summary>
public sealed class HealthApiTests
{
    [Fact]
    public async Task Live_Running_200Alive()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var response = await server.GetOkAsync("/health/live");

        Assert.Equal("""{"status":"alive"}""", response.Body);
    }

    [Fact]
    public async Task Ready_DemoData_200ReadyWithSourceCount()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var response = await server.GetOkAsync("/health/ready");

        Assert.Equal("ready", response.Json.Text("status"));
        Assert.Equal(3, response.Json.Int("sources"));
    }

    [Fact]
    public async Task Summary_DemoData_VersionUptimeAndPerSourceState()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var response = await server.GetOkAsync("/health/summary");

        var summary = response.Json;
        Assert.Equal("udc", summary.Text("service"));
        Assert.Matches(@"^\d+\.\d+\.\d+", summary.Text("version"));
        Assert.Equal("ok", summary.Text("status"));
        Assert.InRange(summary.Number("uptime_seconds"), 0, 600);
        var startedAt = DateTimeOffset.Parse(summary.Text("started_at"), CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - startedAt, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Assert.Equal(Path.GetFullPath(server.DataDirectory), summary.Text("data_directory"));
        var sources = summary.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(["analytics", "crm", "support"], sources.Select(s => s.Text("name")));
        Assert.Equal([150L, 50L, 50L], sources.Select(s => s.Int("rows")));
        Assert.All(sources, source =>
        {
            Assert.Equal("ready", source.Text("status"));
            Assert.InRange(source.Number("snapshot_age_seconds"), 0, 600);
            Assert.True(source.Int("snapshot_version") > 0);
            Assert.True(source.Number("load_ms") >= 0);
            Assert.Equal(JsonValueKind.Null, source.GetProperty("last_reload_error").ValueKind);
            Assert.False(source.TryGetProperty("last_reload_error_at", out _));
        });
    }

    [Fact]
    public async Task Ready_InvalidJsonBesideValidFiles_503NamingTheBrokenFile()
    {
        using var folder = BrokenFolder();
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetAsync("/health/ready");

        var details = response.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_NOT_READY");
        var detail = Assert.Single(details.EnumerateArray());
        Assert.Equal(["source", "broken"], detail.GetProperty("loc").Strings());
        Assert.Contains("broken.json", detail.Text("msg"), StringComparison.Ordinal);
        Assert.Equal("load_error", detail.Text("type"));
    }

    [Fact]
    public async Task Data_InvalidJsonBesideValidFiles_ValidSourcesServeAndBrokenIs503()
    {
        using var folder = BrokenFolder();
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var crm = await server.GetOkAsync("/data/crm?page_size=5");
        var record = await server.GetOkAsync("/data/support/101");
        var aggregate = await server.GetOkAsync("/data/analytics/aggregate?group_by=metric");
        var broken = await server.GetAsync("/data/broken");
        var brokenRecord = await server.GetAsync("/data/broken/1");
        var brokenAggregate = await server.GetAsync("/data/broken/aggregate");

        Assert.Equal(50, crm.Metadata.Int("total_results"));
        Assert.Equal(101, record.Data.Int("ticket_id"));
        Assert.Equal(5, aggregate.Data.GetArrayLength());
        foreach (var response in new[] { broken, brokenRecord, brokenAggregate })
        {
            response.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_NOT_READY");
            Assert.Contains("broken", response.Json.GetProperty("error").Text("message"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sources_InvalidJsonBesideValidFiles_BrokenListedAsFailedWithItsError()
    {
        using var folder = BrokenFolder();
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var list = await server.GetOkAsync("/sources");
        var described = await server.GetOkAsync("/sources/broken");

        var broken = list.Data.EnumerateArray().Single(s => s.Text("name") == "broken");
        Assert.Equal("failed", broken.Text("status"));
        Assert.Contains("broken.json", broken.Text("error"), StringComparison.Ordinal);
        Assert.False(broken.TryGetProperty("row_count", out _));
        Assert.Equal(4, list.Metadata.Int("total_results"));
        Assert.Equal(0, described.Data.GetProperty("columns").GetArrayLength());
        Assert.Contains("broken is not available", described.Metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_InvalidJsonBesideValidFiles_DegradedWithLastReloadError()
    {
        using var folder = BrokenFolder();
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetOkAsync("/health/summary");

        Assert.Equal("degraded", response.Json.Text("status"));
        var sources = response.Json.GetProperty("sources").EnumerateArray().ToDictionary(s => s.Text("name"));
        Assert.Equal(["analytics", "broken", "crm", "support"], sources.Keys);
        var broken = sources["broken"];
        Assert.Equal("failed", broken.Text("status"));
        Assert.Contains("broken.json", broken.Text("last_reload_error"), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(broken.Text("last_reload_error_at"), CultureInfo.InvariantCulture, out _));
        Assert.False(broken.TryGetProperty("rows", out _));
        Assert.Equal(50, sources["crm"].Int("rows"));
        Assert.Equal(JsonValueKind.Null, sources["crm"].GetProperty("last_reload_error").ValueKind);
    }

    [Fact]
    public async Task Summary_AuthOnAnonymous_401AndLiveAndReadyStayOpen()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());

        var summary = await server.GetAsync("/health/summary");
        var live = await server.GetAsync("/health/live");
        var ready = await server.GetAsync("/health/ready");

        summary.ExpectError(HttpStatusCode.Unauthorized, "AUTH_INVALID_API_KEY");
        Assert.DoesNotContain(server.DataDirectory, summary.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("crm", summary.Body, StringComparison.Ordinal);
        live.Expect(HttpStatusCode.OK);
        ready.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Summary_AuthOnRestrictedKey_OnlyItsSourcesAndNoDataFolder()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "support only", "sources": ["support"]}""");
        var (_, unrestricted) = await AccessFixture.CreateKeyAsync(server.Client);

        using var narrow = await AccessFixture.JsonAsync(await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/health/summary", restricted), TestContext.Current.CancellationToken));
        using var wide = await AccessFixture.JsonAsync(await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/health/summary", unrestricted), TestContext.Current.CancellationToken));
        using var admin = await AccessFixture.JsonAsync(await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/health/summary"), TestContext.Current.CancellationToken));

        Assert.Equal(["support"], narrow.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.Text("name")));
        Assert.False(narrow.RootElement.TryGetProperty("data_directory", out _));
        foreach (var full in new[] { wide, admin })
        {
            Assert.Equal(["analytics", "crm", "support"], full.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.Text("name")));
            Assert.Equal(Path.GetFullPath(server.DataDirectory), full.RootElement.Text("data_directory"));
        }
    }

    [Theory]
    [InlineData("[{\"a\": 1},")]
    [InlineData("{\"a\": [1, 2")]
    [InlineData("not json at all")]
    public async Task Ready_VariousInvalidJson_503(string content)
    {
        using var folder = BrokenFolder(content);
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetAsync("/health/ready");

        response.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_NOT_READY");
        var live = await server.GetOkAsync("/health/live");
        Assert.Equal("alive", live.Json.Text("status"));
    }

    /// <summary>The demo files plus <c>broken.json</c>, which does not parse.</summary>
    private static TempDataDirectory BrokenFolder(string content = "[{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": ")
    {
        var folder = new TempDataDirectory();
        DemoDataGenerator.Write(folder.Path, new DemoDataOptions());
        folder.Write("broken.json", content);
        return folder;
    }
}
