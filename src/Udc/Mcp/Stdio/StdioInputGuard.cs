namespace Udc.Mcp.Stdio;

/// <summary>
/// Standard input as the SDK reads it, one line a message, with every line that is not a JSON-RPC message
/// answered with a JSON-RPC error (<see cref="JsonRpcLine"/>) and kept from the SDK. Reads honour cancellation,
/// which the console stream itself ignores.
/// </summary>
internal sealed class StdioInputGuard(Stream stdin, StdioOutput output) : Stream
{
    /// <summary>A line longer than 64 MiB is not a message but a runaway writer; it is refused, not buffered.</summary>
    private const int MaxLineBytes = 64 * 1024 * 1024;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private byte[] _line = [];
    private int _lineOffset;
    private bool _endOfInput;
    private bool _skippingLongLine;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (_lineOffset >= _line.Length)
        {
            if (!await NextLineAsync(cancellationToken))
            {
                return 0;
            }
        }
        var count = Math.Min(destination.Length, _line.Length - _lineOffset);
        _line.AsMemory(_lineOffset, count).CopyTo(destination);
        _lineOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Takes the next line that is a message into <see cref="_line"/>; false at the end of input.</summary>
    private async Task<bool> NextLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || _endOfInput && _end > _start)
            {
                var stop = newline >= 0 ? newline : _end;
                var line = _buffer.AsSpan(_start, stop - _start).Trim(" \t\r"u8);
                _start = newline >= 0 ? newline + 1 : _end;
                if (_skippingLongLine)
                {
                    _skippingLongLine = false;
                    continue;
                }
                if (line.IsEmpty)
                {
                    continue;
                }
                if (JsonRpcLine.Check(line) is { } error)
                {
                    await output.WriteLineAsync(error, cancellationToken);
                    continue;
                }
                _line = [.. line, (byte)'\n'];
                _lineOffset = 0;
                return true;
            }
            if (_endOfInput)
            {
                return false;
            }
            await FillAsync(cancellationToken);
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                if (!_skippingLongLine)
                {
                    await output.WriteLineAsync(JsonRpcLine.TooLong(MaxLineBytes), cancellationToken);
                }
                _skippingLongLine = true;
                _end = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        var read = await stdin.ReadAsync(_buffer.AsMemory(_end), cancellationToken).AsTask().WaitAsync(cancellationToken);
        _end += read;
        _endOfInput = read == 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stdin.Dispose();
        }
        base.Dispose(disposing);
    }
}
