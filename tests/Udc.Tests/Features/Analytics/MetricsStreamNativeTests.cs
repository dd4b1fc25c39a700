using System.Text;
using Udc.Tests.EndToEnd;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Analytics;

/// <summary>
/// <c>/sse/metrics</c> read by a real HTTP client from the published binary over loopback: the first metrics, a reload
/// of the file pushing new metrics and the anomaly it brings, and a resume with Last-Event-ID.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class MetricsStreamNativeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed record ServerEvent(string? Id, string? Name, string Data);

    /// <summary>Reads events until <paramref name="until"/> holds for one, or the timeout passes.</summary>
    private static async Task<List<ServerEvent>> ReadUntilAsync(StreamReader reader, Func<ServerEvent, bool> until, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(timeout);
        var events = new List<ServerEvent>();
        string? id = null, name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    var item = new ServerEvent(id, name, data.ToString());
                    events.Add(item);
                    if (until(item))
                    {
                        return events;
                    }
                }
                (id, name) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }
        return events;
    }

    [Fact]
    public async Task Stream_AcrossAReload_NewMetricsAndTheNewAnomalyThenResume()
    {
        using var dir = new TempDataDirectory();
        var days = Enumerable.Range(1, 20).Select(d => $$"""{"metric": "errors", "date": "2024-03-{{d:00}}", "value": {{(d % 2 == 0 ? "0.020" : "0.021")}}}""").ToList();
        dir.Write("metrics.json", "[" + string.Join(",", days) + "]");
        await using var udc = await UdcProcess.StartAsync(dir.Path, new Dictionary<string, string> { ["UDC_SSE_HEARTBEAT_SECONDS"] = "1" });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse/metrics");
        using var response = await udc.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        var first = await ReadUntilAsync(reader, e => e.Name == "metrics", TimeSpan.FromSeconds(30));
        // The newest day (the 20th, an even day) holds 0.020, the one before it 0.021.
        Assert.Contains("\"date\":\"2024-03-20\",\"value\":0.02,\"previous\":0.021", first[^1].Data, StringComparison.Ordinal);

        days.Add("""{"metric": "errors", "date": "2024-03-21", "value": 0.5}""");
        dir.Replace("metrics.json", "[" + string.Join(",", days) + "]");
        var after = await ReadUntilAsync(reader, e => e.Name == "anomaly", TimeSpan.FromSeconds(30));
        Assert.Contains(after, e => e.Name == "metrics" && e.Data.Contains("\"value\":0.5", StringComparison.Ordinal));
        var anomaly = after[^1];
        Assert.Contains("\"date\":\"2024-03-21\"", anomaly.Data, StringComparison.Ordinal);
        response.Dispose();

        // A reconnect with the first event's id replays what came after it.
        using var retry = new HttpRequestMessage(HttpMethod.Get, "/sse/metrics");
        retry.Headers.Add("Last-Event-ID", first[^1].Id);
        var resumed = await udc.Client.SendAsync(retry, HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.NotNull(resumed);
        using (resumed)
        {
            using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync(Token));
            var replayed = await ReadUntilAsync(resumedReader, e => e.Name == "anomaly", TimeSpan.FromSeconds(30));
            Assert.Equal(after.Select(e => e.Id), replayed.Select(e => e.Id));
        }
    }
}
