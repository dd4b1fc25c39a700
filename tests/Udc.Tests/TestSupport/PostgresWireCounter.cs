using System.Buffers.Binary;

namespace Udc.Tests.TestSupport;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a PostgreSQL server that counts the round trips clients make: every Sync
/// (extended protocol) and every simple Query message ends a batch the client then waits on, so their count is the
/// number of times a client waited for the server. Startup and authentication are not counted.
/// </summary>
internal sealed class PostgresWireCounter : IAsyncDisposable
{
    /// <summary>The protocol 3.0 startup message's code; what comes before it (an SSL request) is answered by a single byte.</summary>
    private const int ProtocolVersion3 = 196608;

    private readonly TcpProxy _proxy;
    private int _roundTrips;

    public PostgresWireCounter(int serverPort) => _proxy = TcpProxy.Start(serverPort, () => new FrontendParser(this).Feed);

    public int Port => _proxy.Port;

    public int RoundTrips => Volatile.Read(ref _roundTrips);

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();

    /// <summary>Reads the client's messages as they stream past: a length-prefixed startup phase, then typed messages.</summary>
    private sealed class FrontendParser(PostgresWireCounter counter)
    {
        private readonly byte[] _header = new byte[8];
        private bool _started;
        private int _have;
        private long _skip;

        public void Feed(ReadOnlyMemory<byte> bytes)
        {
            var data = bytes.Span;
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
