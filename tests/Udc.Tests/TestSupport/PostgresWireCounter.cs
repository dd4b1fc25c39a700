using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Udc.Tests.TestSupport;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a PostgreSQL server that counts the round trips clients make: every Sync
/// (extended protocol) and every simple Query message ends a batch the client then waits on, so their count is the
/// number of times a client waited for the server. Startup and authentication are not counted.
/// </summary>
public sealed class PostgresWireCounter : IAsyncDisposable
{
    /// <summary>The protocol 3.0 startup message's code; what comes before it (an SSL request) is answered by a single byte.</summary>
    private const int ProtocolVersion3 = 196608;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private readonly Task _accepting;
    private int _roundTrips;

    public PostgresWireCounter(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int RoundTrips => Volatile.Read(ref _roundTrips);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_relays)
                {
                    _relays.Add(RelayAsync(client));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                var toServer = PumpAsync(client.GetStream(), server.GetStream(), new FrontendParser(this));
                var toClient = PumpAsync(server.GetStream(), client.GetStream(), null);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, FrontendParser? parser)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                parser?.Feed(buffer.AsSpan(0, read));
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }
        await Task.WhenAll(relays);
        _stop.Dispose();
    }

    /// <summary>Reads the client's messages as they stream past: a length-prefixed startup phase, then typed messages.</summary>
    private sealed class FrontendParser(PostgresWireCounter counter)
    {
        private readonly byte[] _header = new byte[8];
        private bool _started;
        private int _have;
        private long _skip;

        public void Feed(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                if (_skip > 0)
                {
                    var skipped = (int)Math.Min(_skip, data.Length);
                    _skip -= skipped;
                    data = data[skipped..];
                    continue;
                }
                var need = _started ? 5 : 8;
                var taken = Math.Min(need - _have, data.Length);
                data[..taken].CopyTo(_header.AsSpan(_have));
                _have += taken;
                data = data[taken..];
                if (_have < need)
                {
                    return;
                }
                _have = 0;
                if (!_started)
                {
                    _started = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(4)) == ProtocolVersion3;
                    _skip = BinaryPrimitives.ReadInt32BigEndian(_header) - 8;
                    continue;
                }
                if (_header[0] is (byte)'S' or (byte)'Q')
                {
                    Interlocked.Increment(ref counter._roundTrips);
                }
                _skip = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(1)) - 4;
            }
        }
    }
}
