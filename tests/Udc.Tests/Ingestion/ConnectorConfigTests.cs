using Udc.Ingestion.Connectors;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Ingestion;

public sealed class ConnectorConfigTests
{
    [Fact]
    public void ConnectorFile_SeveralBadConnectors_EveryProblemNamedAndGoodOneKept()
    {
        var directory = Directory.CreateTempSubdirectory("udc-connectors-").FullName;
        var path = Path.Combine(directory, "connectors.jsonc");
        File.WriteAllText(path, """
            {
              "connectors": {
                "good": {"type": "http_json", "url": "https://api.example.com/items", "id_field": "id", "schedule": "15m"},
                "Bad Name": {"type": "http_json", "url": "https://x.example.com", "id_field": "id"},
                "nourl": {"type": "http_json", "id_field": "id", "schedule": "every day", "pagination": {"type": "pages"}},
                "secret": {"type": "http_json", "url": "https://y.example.com", "id_field": "id", "secret_headers": {"Authorization": "MISSING_TOKEN"}},
                "csv": {"type": "csv", "path": "../outside.csv", "id_columns": ["id"], "delimiter": "ab"},
                "typo": {"type": "feed", "url": "https://z.example.com/rss", "interval": "5m"}
              }
            }
            """);

        var set = ConnectorFile.Read(path, directory, _ => null);

        Assert.Equal(["good"], set.Connectors.Select(c => c.Name));
        var messages = set.Problems.Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("connectors.Bad Name.name:", StringComparison.Ordinal));
        Assert.Contains("connectors.nourl.url: required", messages);
        Assert.Contains(messages, m => m.StartsWith("connectors.nourl.schedule:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("connectors.nourl.pagination.type:", StringComparison.Ordinal));
        Assert.Contains("connectors.secret.secret_headers.Authorization: the environment variable 'MISSING_TOKEN' is not set", messages);
        Assert.Contains("connectors.csv.path: must name a file inside the data folder", messages);
        Assert.Contains(messages, m => m.StartsWith("connectors.csv.delimiter:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("connectors.typo.", StringComparison.Ordinal) && m.Contains("interval", StringComparison.Ordinal));
    }

    [Fact]
    public void ConnectorFile_SecretHeader_ValueFromEnvironmentNeverInTheDefinitionText()
    {
        var directory = Directory.CreateTempSubdirectory("udc-connectors-").FullName;
        var path = Path.Combine(directory, "connectors.jsonc");
        File.WriteAllText(path, """{"connectors": {"a": {"type": "http_json", "url": "https://api.example.com", "id_field": "id", "secret_headers": {"Authorization": "A_TOKEN"}}}}""");

        var set = ConnectorFile.Read(path, directory, name => name == "A_TOKEN" ? "Bearer s3cret-value" : null);

        var connector = Assert.Single(set.Connectors);
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Bearer s3cret-value"), connector.Headers);
        Assert.Contains("Authorization", connector.SecretHeaderNames);
        Assert.DoesNotContain("s3cret", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectorFile_BadConnector_ServerStartsAndStatsNamesTheProblem()
    {
        await using var host = await IngestHost.StartAsync("""{"connectors": {"broken": {"type": "soap"}}}""");

        var stats = await host.GetAsync("/stats");

        Assert.Equal(0, stats.GetProperty("connectors").GetArrayLength());
        Assert.Contains("type", stats.GetProperty("problems")[0].GetProperty("message").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/broken/run");
        request.Headers.Add("X-Admin-Key", IngestHost.AdminKey);
        using var response = await host.Server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("UNKNOWN_CONNECTOR", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestApi_RunWithoutAdminKeyOrBadRunId_EnvelopeErrors()
    {
        await using var host = await IngestHost.StartAsync("""{"connectors": {"a": {"type": "http_json", "url": "https://api.example.com", "id_field": "id", "run_at_start": false}}}""");

        using var anonymous = await host.Server.Client.PostAsync("/ingest/a/run", null, TestContext.Current.CancellationToken);
        var badId = await host.GetAsync("/ingest/runs/abc");
        var missing = await host.GetAsync("/ingest/runs/999999");
        var badLimit = await host.GetAsync("/stats?limit=0");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("VALIDATION_ERROR", badId.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("INGEST_RUN_NOT_FOUND", missing.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("VALIDATION_ERROR", badLimit.GetProperty("error").GetProperty("code").GetString());
    }
}
