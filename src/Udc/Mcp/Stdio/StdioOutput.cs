namespace Udc.Mcp.Stdio;

/// <summary>
/// Standard output shared by the SDK and <see cref="StdioInputGuard"/>. The SDK writes a message, a newline
/// and a flush under its own lock; here each flushed message and each error line goes out whole under one
/// gate, so the two writers never interleave inside a line.
/// </summary>
internal sealed class StdioOutput(Stream stdout) : Stream
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MemoryStream _message = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _message.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _message.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _message.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await stdout.WriteAsync(_message.GetBuffer().AsMemory(0, (int)_message.Length), cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            _message.SetLength(0);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes one complete line (an error response) between the SDK's messages.</summary>
    public async Task WriteLineAsync(byte[] line, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await stdout.WriteAsync(line, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _message.Dispose();
            _gate.Dispose();
            stdout.Dispose();
        }
        base.Dispose(disposing);
    }
}
