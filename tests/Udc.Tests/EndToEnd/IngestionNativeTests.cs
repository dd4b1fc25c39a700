using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary ingesting from a loopback API, killed with SIGKILL in the middle of runs, again and again,
/// then left to finish: every upstream record is in the source exactly once.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class IngestionNativeTests
{
    private const string AdminKey = "ingest-native-admin-key-0123";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill9_MidRunRepeatedly_EveryUpstreamRecordOnceAfterRestart()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(2_000);
        upstream.PageDelay = TimeSpan.FromMilliseconds(40);
        var data = Directory.CreateTempSubdirectory("udc-ingest-kill-").FullName;
        DemoDataGenerator.Write(data, new DemoDataOptions());
        await File.WriteAllTextAsync(Path.Combine(data, "connectors.jsonc"), $$$"""
            {"connectors": {"orders": {"type": "http_json", "url": "{{{upstream.BaseAddress}}}page", "records": "/data", "id_field": "id",
              "pagination": {"type": "page", "size_param": "per_page", "size": 50}, "allow_addresses": ["127.0.0.1"] } } }
            """, Token);
        var environment = new Dictionary<string, string>
        {
            ["ADMIN_API_KEY"] = AdminKey,
            // A killed process's claim on the run, and its connector lease, lapse within 2 s.
            ["UDC_WORK_LEASE_SECONDS"] = "2",
            ["UDC_WORK_POLL_MS"] = "100",
        };
        try
        {
            // Three kills, each a few pages into a run (run at start, resumed from the last committed page).
            for (var kill = 1; kill <= 3; kill++)
            {
                var udc = await UdcProcess.StartAsync(data, environment);
                await upstream.WhenRequestsAsync(upstream.Requests + 5);
                await udc.KillAsync();
                await udc.DisposeAsync();
            }
            await using var last = await UdcProcess.StartAsync(data, environment);
            JsonElement run;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            do
            {
                await Task.Delay(200, Token);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/stats");
                request.Headers.Add("X-Admin-Key", AdminKey);
                using var response = await last.Client.SendAsync(request, Token);
                using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
                run = stats.RootElement.GetProperty("connectors")[0].Clone();
            }
            while (run.GetProperty("last_run").GetProperty("status").GetString() != "succeeded" && DateTime.UtcNow < deadline);

            Assert.Equal("succeeded", run.GetProperty("last_run").GetProperty("status").GetString());
            Assert.Equal(2_000, run.GetProperty("records").GetInt64());
            Assert.Contains(run.GetProperty("recent_runs").EnumerateArray(), r => r.GetProperty("status").GetString() == "interrupted");
            var ids = new List<long>();
            for (var page = 1; page <= 40; page++)
            {
                using var body = JsonDocument.Parse(await last.Client.GetStringAsync($"/data/orders?page={page}&page_size=50", Token));
                ids.AddRange(body.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            }
            Assert.Equal(2_000, ids.Count);
            Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (long)i), ids.Order());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task SecretHeader_RunFailsAndSucceeds_SecretSentUpstreamButNowhereInLogsStateOrAnswers()
    {
        const string Secret = "Bearer udc-secret-7f3a9c51e0";
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(150);
        upstream.Arm(2, "500");
        var data = Directory.CreateTempSubdirectory("udc-ingest-secret-").FullName;
        DemoDataGenerator.Write(data, new DemoDataOptions());
        await File.WriteAllTextAsync(Path.Combine(data, "connectors.jsonc"), $$$"""
            {"connectors": {"orders": {"type": "http_json", "url": "{{{upstream.BaseAddress}}}page", "records": "/data", "id_field": "id",
              "secret_headers": {"Authorization": "ORDERS_AUTH"},
              "pagination": {"type": "page", "size_param": "per_page", "size": 100}, "allow_addresses": ["127.0.0.1"] } } }
            """, Token);
        var environment = new Dictionary<string, string>
        {
            ["ADMIN_API_KEY"] = AdminKey,
            ["ORDERS_AUTH"] = Secret,
            ["UDC_WORK_POLL_MS"] = "100",
            ["Logging__LogLevel__Default"] = "Debug",
        };
        try
        {
            var answers = new List<string>();
            await using (var udc = await UdcProcess.StartAsync(data, environment))
            {
                // The run at start fails at page 2 (logged), its retry finishes: 1, 500, 2.
                await upstream.WhenRequestsAsync(3);
                string stats;
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                do
                {
                    await Task.Delay(200, Token);
                    stats = await AdminGetAsync(udc, "/stats");
                }
                while (!stats.Contains("\"succeeded\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
                answers.Add(stats);
                answers.Add(await AdminGetAsync(udc, "/ingest/runs/1"));
                answers.Add(await AdminGetAsync(udc, "/health/summary"));
                answers.Add(await AdminGetAsync(udc, "/sources/orders"));
                Assert.Contains("\"succeeded\"", stats, StringComparison.Ordinal);
                Assert.Contains("500", answers[1], StringComparison.Ordinal);
                Assert.Contains("Ingestion run 1 of orders failed: page 2: the upstream answered 500", udc.Output, StringComparison.Ordinal);
                answers.Add(udc.Output);
            }

            Assert.All(upstream.Arrivals, a => Assert.Equal(Secret, a.Authorization));
            foreach (var answer in answers)
            {
                Assert.DoesNotContain("udc-secret-7f3a9c51e0", answer, StringComparison.Ordinal);
            }
            // SQLite's database, journal and WAL files, snapshots: nothing UDC wrote holds the secret.
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file, Token);
                Assert.True(bytes.AsSpan().IndexOf("udc-secret-7f3a9c51e0"u8) < 0, $"the secret is in {file}");
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> AdminGetAsync(UdcProcess udc, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await udc.Client.SendAsync(request, Token);
        return await response.Content.ReadAsStringAsync(Token);
    }
}
