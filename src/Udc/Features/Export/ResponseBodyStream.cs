using System.Buffers;
using System.IO.Pipelines;

namespace Udc.Features.Export;

/// <summary>
/// A write-only stream over the response's <see cref="PipeWriter"/> for writers that only know streams
/// (CsvHelper, <see cref="System.IO.Compression.ZipArchive"/>). A write only copies into the pipe's buffer,
/// so synchronous writers never block on the socket (Kestrel forbids it); the export loop calls
/// <see cref="FlushIfFullAsync"/> between rows, which sends the bytes and waits while the client is slow.
/// Memory stays at about <see cref="FlushThreshold"/> plus one row whatever the row count.
/// </summary>
internal sealed class ResponseBodyStream(PipeWriter pipe, CancellationToken aborted) : Stream
{
    /// <summary>64 KiB: a few dozen rows of a typical source per send, and Kestrel's own response buffer size.</summary>
    public const int FlushThreshold = 64 * 1024;

    private long _position;
    private long _unflushed;
    private bool _closed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes written so far; ZIP needs it for its offsets and asks even of streams that cannot seek.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_closed)
        {
            // The client went away; the writers above still close their parts while the cancellation unwinds.
            return;
        }
        pipe.Write(buffer);
        _position += buffer.Length;
        _unflushed += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return FlushIfFullAsync();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends what is buffered once it is worth a send; completes at once otherwise.</summary>
    public ValueTask FlushIfFullAsync() => _unflushed >= FlushThreshold && !_closed ? SendAsync() : ValueTask.CompletedTask;

    public override Task FlushAsync(CancellationToken cancellationToken) => _closed ? Task.CompletedTask : SendAsync().AsTask();

    /// <summary>Synchronous flushes (from disposal of the writers above) leave the bytes for the next send.</summary>
    public override void Flush()
    {
    }

    private async ValueTask SendAsync()
    {
        _unflushed = 0;
        FlushResult result;
        try
        {
            result = await pipe.FlushAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            _closed = true;
            throw;
        }
        if (result.IsCanceled || result.IsCompleted)
        {
            _closed = true;
            // The client is gone: stop producing rows nobody will read.
            aborted.ThrowIfCancellationRequested();
            throw new OperationCanceledException("the response was closed by the client", aborted);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
