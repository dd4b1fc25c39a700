using System.Net;
using System.Net.Sockets;

namespace Udc.Tests.TestSupport;

/// <summary>
/// A loopback TCP proxy in front of a server. <see cref="Cut"/> closes every connection through it and turns new
/// ones away until <see cref="Restore"/>: a network partition between one client and the server, which stays
/// up for everyone else. Unlike <c>CLIENT KILL</c>, the client cannot reconnect early. A watcher, made per
/// connection, sees every byte a client sends before the server does.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly Lock _lock = new();
    private readonly List<Socket> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly Func<Action<ReadOnlyMemory<byte>>>? _watchClient;
    private bool _cut;

    private TcpProxy(int targetPort, Func<Action<ReadOnlyMemory<byte>>>? watchClient)
    {
        _targetPort = targetPort;
        _watchClient = watchClient;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string RedisUrl => $"redis://127.0.0.1:{Port}";

    public static TcpProxy Start(int targetPort, Func<Action<ReadOnlyMemory<byte>>>? watchClient = null) => new(targetPort, watchClient);

    public void Cut()
    {
        lock (_lock)
        {
            _cut = true;
            foreach (var socket in _open)
            {
                socket.Dispose();
            }
            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_lock)
        {
            _cut = false;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }
            lock (_lock)
            {
                if (_cut)
                {
                    client.Dispose();
                    upstream.Dispose();
                    continue;
                }
                _open.Add(client);
                _open.Add(upstream);
            }
            _ = PumpAsync(client, upstream, _watchClient?.Invoke());
            _ = PumpAsync(upstream, client, null);
        }
    }

    /// <summary>Copies one direction until either side closes, then closes both.</summary>
    private async Task PumpAsync(Socket from, Socket to, Action<ReadOnlyMemory<byte>>? watch)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    break;
                }
                watch?.Invoke(buffer.AsMemory(0, read));
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        lock (_lock)
        {
            _open.Remove(from);
            _open.Remove(to);
        }
        from.Dispose();
        to.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stopping.Dispose();
    }
}
