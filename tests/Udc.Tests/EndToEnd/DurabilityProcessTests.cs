using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Access;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary with a real SQLite file: killed with SIGKILL while webhooks arrive, restarted on the
/// same files. What was acknowledged must be there exactly once; no key is ever on disk or in a log in clear.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class DurabilityProcessTests : IAsyncLifetime
{
    private string _dataDirectory = "";
    private string _database = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-durable-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        _database = Path.Combine(Directory.CreateTempSubdirectory("udc-db-").FullName, "udc.db");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_database)!, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<UdcProcess> StartAsync(bool authEnabled = true) =>
        UdcProcess.StartAsync(_dataDirectory, AccessFixture.Settings(("UDC_DATABASE", _database), ("RATE_LIMIT_AUTH_FAILURES", "0"), ("AUTH_ENABLED", authEnabled ? "true" : "false")));

    [Fact]
    public async Task Kill9_WhileWebhooksArrive_AcknowledgedEventsSurviveExactlyOnce()
    {
        var acknowledged = new List<int>();
        var udc = await StartAsync(authEnabled: false);
        await using (udc)
        {
            using var stop = new CancellationTokenSource();
            // Four senders post distinct upserts as fast as they are answered, until the process dies under them.
            var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 10_000; i++)
                {
                    var id = 10_000 + sender * 10_000 + i;
                    try
                    {
                        using var response = await udc.Client.SendAsync(AccessFixture.SignedWebhook($"msg_{id}", AccessFixture.UpsertCustomer(id, $"Durable {id}")), stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            lock (acknowledged)
                            {
                                acknowledged.Add(id);
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            }, Token)).ToList();
            while (true)
            {
                lock (acknowledged)
                {
                    if (acknowledged.Count >= 40)
                    {
                        break;
                    }
                }
                await Task.Delay(5, Token);
            }
            await udc.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var restarted = await StartAsync(authEnabled: false);
        var lines = (await restarted.Client.GetStringAsync("/data/crm?stream=true&fields=customer_id", Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ids = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("customer_id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var present = ids.ToHashSet();
        Assert.All(acknowledged, id => Assert.Contains(id, present));

        using var events = await restarted.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/webhooks/events?page_size=100"), Token);
        using var eventBody = JsonDocument.Parse(await events.Content.ReadAsStringAsync(Token));
        Assert.All(eventBody.RootElement.GetProperty("data").EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.GetProperty("applied_at").ValueKind));
        Assert.True(eventBody.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32() >= acknowledged.Count);

        // A sender retrying an acknowledged event after the crash is told it is a duplicate.
        var first = acknowledged[0];
        using var retry = await restarted.Client.SendAsync(AccessFixture.SignedWebhook($"msg_{first}", AccessFixture.UpsertCustomer(first, $"Durable {first}")), Token);
        Assert.Contains("\"duplicate\"", await retry.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task ApiKey_UsedThenKilled_NoPlaintextInDatabaseWalOrLogs()
    {
        string key;
        string output;
        await using (var udc = await StartAsync())
        {
            (_, key) = await AccessFixture.CreateKeyAsync(udc.Client);
            foreach (var url in new[] { "/data/crm", "/data/crm?api_key=" + key, "/sources" })
            {
                using var response = await udc.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, url, key), Token);
            }
            // The last character changed, never to itself: a key that happened to end in 'x' was let through as right.
            var wrongKey = key[..^1] + (key[^1] == 'x' ? 'y' : 'x');
            using (var wrong = await udc.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", wrongKey), Token))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }
            await udc.KillAsync();
            output = udc.Output;
        }
        var secret = key[(4 + ApiKeyFormat.IdLength + 1)..];
        Assert.DoesNotContain(secret, output);
        foreach (var file in new[] { _database, _database + "-wal" })
        {
            if (File.Exists(file))
            {
                var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file, Token));
                Assert.DoesNotContain(secret, text);
                Assert.DoesNotContain(secret[..12], text);
            }
        }
        Assert.True(File.Exists(_database));
    }

    [Fact]
    public async Task NonLoopbackWithoutAuth_RefusesToStart_UnlessInsecure()
    {
        var binary = await NativeBinary.GetPathAsync();
        var start = new System.Diagnostics.ProcessStartInfo(binary, ["--data", _dataDirectory, "--urls", $"http://0.0.0.0:{UdcProcess.FreePort()}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["AUTH_ENABLED"] = "false";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("AUTH_ENABLED", stderr);
        Assert.Contains("--insecure", stderr);
    }
}
