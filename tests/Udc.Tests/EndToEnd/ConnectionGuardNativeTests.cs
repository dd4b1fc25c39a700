using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// Real sockets against the published binary with <c>MAX_CONNECTIONS=20</c>: connections that send nothing, or
/// idle once the server is short of connections, cannot shut other callers out; requests Kestrel refuses
/// itself still get the envelope and UDC's headers.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ConnectionGuardNativeTests : IAsyncLifetime
{
    private const int MaxConnections = 20;

    /// <summary>Silent connections go after 5 s, checked once a second; 15 s bounds the wait on a busy machine.</summary>
    private static readonly TimeSpan s_served = TimeSpan.FromSeconds(15);

    private readonly TempDataDirectory _data = new("udc-e2e-connections-");
    private UdcProcess? _udc;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private IPEndPoint EndPoint => new(IPAddress.Loopback, _udc!.BaseAddress.Port);

    public async ValueTask InitializeAsync()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions());
        _udc = await UdcProcess.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["MAX_CONNECTIONS"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["UDC_DATABASE"] = _data.PathOf("udc.db"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_udc is not null)
        {
            await _udc.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task SilentSockets_AllConnectionSlotsTaken_NextCallerServedWithinSeconds()
    {
        var silent = await OpenAsync(MaxConnections);

        var waited = await UntilServedAsync();

        Assert.InRange(waited, TimeSpan.Zero, s_served);
        foreach (var socket in silent)
        {
            // Closed cleanly by the server: the read ends rather than waiting the 65 s keep-alive timeout.
            Assert.Equal(0, await ReadAsync(socket, new byte[16], Token));
            socket.Dispose();
        }
    }

    [Fact]
    public async Task IdleKeepAliveSockets_ShortOfConnections_ClosedAndNextCallerServed()
    {
        var idle = new List<Socket>();
        var clock = Stopwatch.StartNew();
        // Slots the previous test's sockets held are freed as the server sees them close; a refused one is tried again.
        while (idle.Count < MaxConnections && clock.Elapsed < s_served)
        {
            var socket = (await OpenAsync(1))[0];
            if ((await RequestAsync(socket, "GET /health/live HTTP/1.1\r\nHost: udc\r\n\r\n")).StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                idle.Add(socket);
            }
            else
            {
                socket.Dispose();
                await Task.Delay(100, Token);
            }
        }
        Assert.Equal(MaxConnections, idle.Count);

        var waited = await UntilServedAsync();

        Assert.InRange(waited, TimeSpan.Zero, s_served);
        Assert.Equal(0, await ReadAsync(idle[0], new byte[16], Token));
        foreach (var socket in idle)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public async Task IdleKeepAliveSocket_PlentyOfConnections_StaysOpenPastTheSilentLimit()
    {
        using var socket = (await OpenAsync(1))[0];
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(socket, "GET /health/live HTTP/1.1\r\nHost: udc\r\n\r\n"), StringComparison.Ordinal);

        // Past the 5 s a silent connection gets (and a sweep after it), one open connection of twenty is not pressure.
        using var pause = new CancellationTokenSource(TimeSpan.FromSeconds(7));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await socket.ReceiveAsync(new byte[1], pause.Token));

        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(socket, "GET /health/live HTTP/1.1\r\nHost: udc\r\n\r\n"), StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> Rejected() => new()
    {
        { "GET /data/crm\0x HTTP/1.1\r\nHost: udc\r\n\r\n", 400, "BAD_REQUEST" },
        { "GET /data/crm?q=" + new string('a', 9_000) + " HTTP/1.1\r\nHost: udc\r\n\r\n", 414, "URI_TOO_LONG" },
        { "GET /data/crm HTTP/1.1\r\nHost: udc\r\nX-Padding: " + new string('a', 40_000) + "\r\n\r\n", 431, "REQUEST_HEADERS_TOO_LARGE" },
        { "GET /data/crm HTTP/1.1\r\nHost: udc\r\nBad Header: x\r\n\r\n", 400, "BAD_REQUEST" },
        // The head never ends: Kestrel's request-headers timeout answers it.
        { "GET /data/crm HTTP/1.1\r\nHost: udc\r\n", 408, "REQUEST_TIMEOUT" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task KestrelRejection_BeforeTheApp_EnvelopeAndSecurityHeaders(string request, int status, string code)
    {
        using var socket = (await OpenAsync(1))[0];

        var response = await RequestAsync(socket, request, untilClosed: true);

        var (head, body) = (response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)], response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.StartsWith($"HTTP/1.1 {status} ", head, StringComparison.Ordinal);
        foreach (var header in new[] { "Content-Type: application/json; charset=utf-8", "Connection: close", "X-Content-Type-Options: nosniff", "X-Frame-Options: DENY",
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'", "Referrer-Policy: no-referrer", "Cross-Origin-Resource-Policy: same-origin", "Cache-Control: no-store" })
        {
            Assert.Contains("\r\n" + header + "\r\n", head + "\r\n", StringComparison.Ordinal);
        }
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", head, StringComparison.Ordinal);
        using var envelope = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(code, envelope.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, envelope.RootElement.GetProperty("error").GetProperty("details").GetArrayLength());
        Assert.DoesNotContain("Kestrel", response, StringComparison.Ordinal);
    }

    private async Task<List<Socket>> OpenAsync(int count)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(EndPoint, Token);
            sockets.Add(socket);
        }
        return sockets;
    }

    /// <summary>How long until a new caller gets an answer, trying every 100 ms on a fresh connection.</summary>
    private async Task<TimeSpan> UntilServedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < s_served)
        {
            try
            {
                using var socket = (await OpenAsync(1))[0];
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: udc\r\nConnection: close\r\n\r\n"), timeout.Token);
                var buffer = new byte[64];
                if (await socket.ReceiveAsync(buffer, timeout.Token) > 0 && Encoding.ASCII.GetString(buffer).StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !Token.IsCancellationRequested)
            {
                // Refused while every slot is taken: try again.
            }
            await Task.Delay(100, Token);
        }
        return clock.Elapsed;
    }

    private static async Task<string> RequestAsync(Socket socket, string request, bool untilClosed = false)
    {
        await socket.SendAsync(Encoding.Latin1.GetBytes(request), Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        do
        {
            var read = await ReadAsync(socket, buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
        }
        while (untilClosed || !IsComplete(Encoding.Latin1.GetString(received.ToArray())));
        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>A whole response: its head, and as many body bytes as its Content-Length says.</summary>
    private static bool IsComplete(string received)
    {
        var end = received.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }
        var length = received[..end].Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null || received.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ReadAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }
}
