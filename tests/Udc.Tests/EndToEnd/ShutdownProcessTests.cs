using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// SIGTERM on the published native binary, as <c>docker stop</c> and Kubernetes send it: the listener closes, requests
/// and streams in flight finish within the grace period, and the process exits 0.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ShutdownProcessTests : IAsyncLifetime
{
    /// <summary>About 20 MB of NDJSON: far more than socket buffers hold, so the stream is still being written when the signal comes.</summary>
    private const int Customers = 150_000;

    private static readonly TimeSpan s_exitBound = TimeSpan.FromSeconds(30);
    private string _dataDirectory = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-shutdown-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions { Customers = Customers, Tickets = 10 });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<UdcProcess> StartAsync(params (string Name, string Value)[] settings)
    {
        var environment = settings.ToDictionary(s => s.Name, s => s.Value);
        environment["UDC_DATABASE"] = Path.Combine(_dataDirectory, Guid.NewGuid().ToString("N") + ".db");
        return UdcProcess.StartAsync(_dataDirectory, environment);
    }

    private static async Task<bool> AcceptsConnectionsAsync(Uri address)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Sigterm_StreamInFlight_ListenerClosesStreamFinishesExitZero()
    {
        await using var udc = await StartAsync();
        using var client = new HttpClient { BaseAddress = udc.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var response = await client.GetAsync("/data/crm?stream=true", HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(Token);
        using var reader = new StreamReader(body);
        var lines = 0;
        while (lines < 100 && await reader.ReadLineAsync(Token) is not null)
        {
            lines++;
        }

        udc.Terminate();
        // New connections are refused once the listener closes, while the stream above is still open.
        using (var refused = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (await AcceptsConnectionsAsync(udc.BaseAddress))
            {
                await Task.Delay(20, refused.Token);
            }
        }
        Assert.False(udc.HasExited);
        string? last = null;
        while (await reader.ReadLineAsync(Token) is { } line)
        {
            lines++;
            last = line;
        }

        Assert.Equal(Customers, lines);
        using (JsonDocument.Parse(last!))
        {
            // The last line is a whole record: the stream was not cut.
        }
        Assert.Equal(0, await udc.WaitForExitAsync(s_exitBound));
    }

    [Fact]
    public async Task Sigterm_WithDelay_NotReadyButStillServing_ThenExitZero()
    {
        await using var udc = await StartAsync(("UDC_SHUTDOWN_DELAY_SECONDS", "3"));

        udc.Terminate();
        HttpResponseMessage ready;
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while ((ready = await udc.Client.GetAsync("/health/ready", bound.Token)).StatusCode == HttpStatusCode.OK)
            {
                ready.Dispose();
                await Task.Delay(20, bound.Token);
            }
        }
        var readyBody = await ready.Content.ReadAsStringAsync(Token);
        using var data = await udc.Client.GetAsync("/data/crm?page_size=1", Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"SHUTTING_DOWN\"", readyBody);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal(0, await udc.WaitForExitAsync(s_exitBound));
        ready.Dispose();
    }

    [Fact]
    public async Task Sigterm_StalledStreamPastTheGracePeriod_IsCutAndExitZero()
    {
        await using var udc = await StartAsync(("UDC_SHUTDOWN_TIMEOUT_SECONDS", "1"));
        using var client = new HttpClient { BaseAddress = udc.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // The client reads nothing after the headers: the server's writes block once the socket buffers fill.
        using var response = await client.GetAsync("/data/crm?stream=true", HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var signalled = System.Diagnostics.Stopwatch.StartNew();

        udc.Terminate();

        Assert.Equal(0, await udc.WaitForExitAsync(s_exitBound));
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(15), $"took {signalled.Elapsed} to stop with a 1 s grace period");
    }

    [Fact]
    public async Task Sigterm_OpenMcpEventStream_DoesNotHoldTheProcessForTheGracePeriod()
    {
        await using var udc = await StartAsync(("UDC_SHUTDOWN_TIMEOUT_SECONDS", "60"));
        var session = await McpOverHttp.InitializeAsync(udc.Client, Token);
        using var listen = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        listen.Headers.Add("Accept", "text/event-stream");
        listen.Headers.Add("Mcp-Session-Id", session);
        listen.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var client = new HttpClient { BaseAddress = udc.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var stream = await client.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var signalled = System.Diagnostics.Stopwatch.StartNew();

        udc.Terminate();

        Assert.Equal(0, await udc.WaitForExitAsync(s_exitBound));
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(15), $"an idle event stream held the stop for {signalled.Elapsed}");
    }
}
