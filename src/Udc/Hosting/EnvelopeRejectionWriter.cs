using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Udc.Hosting;

/// <summary>
/// A connection's output, passed straight through, except after Kestrel has refused a request before UDC saw
/// it (a NUL in the path, a 414, a 431, a header timeout). Kestrel then writes a bare status line with an empty
/// body and no headers of UDC's, which no setting or middleware can change. <see cref="KestrelRejections"/>
/// arms this writer when that happens; Kestrel's bytes are dropped and the error envelope with UDC's security
/// headers is written in their place. The rejection is always the last response on its connection
/// (<c>Connection: close</c>), and every earlier response was flushed before the request was parsed, so what
/// is dropped is exactly Kestrel's bare response.
/// </summary>
internal sealed class EnvelopeRejectionWriter(PipeWriter inner) : PipeWriter
{
    /// <summary>Kestrel's bare response is a status line and four headers, well under 1 KiB.</summary>
    private const int ScratchBytes = 4096;

    private byte[]? _scratch;
    private int _status;
    private bool _written;

    public bool IsArmed => _status != 0;

    /// <summary>From now on Kestrel's bytes are dropped, and the envelope for this status goes out instead.</summary>
    public void Arm(int statusCode) => _status = statusCode;

    public override void Advance(int bytes)
    {
        if (!IsArmed)
        {
            inner.Advance(bytes);
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => IsArmed ? Scratch(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => IsArmed ? Scratch(sizeHint).Span : inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        WriteEnvelopeOnce();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Complete(Exception? exception = null)
    {
        WriteEnvelopeOnce();
        ReturnScratch();
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        WriteEnvelopeOnce();
        ReturnScratch();
        await inner.CompleteAsync(exception);
    }

    private Memory<byte> Scratch(int sizeHint)
    {
        var size = Math.Max(sizeHint, ScratchBytes);
        if (_scratch is null || _scratch.Length < size)
        {
            ReturnScratch();
            _scratch = ArrayPool<byte>.Shared.Rent(size);
        }
        return _scratch;
    }

    private void ReturnScratch()
    {
        if (_scratch is { } scratch)
        {
            _scratch = null;
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void WriteEnvelopeOnce()
    {
        if (!IsArmed || _written)
        {
            return;
        }
        _written = true;
        inner.Write(Response(_status, DateTimeOffset.UtcNow));
    }

    /// <summary>The whole HTTP/1.1 response: status line, UDC's headers, the envelope.</summary>
    public static byte[] Response(int status, DateTimeOffset now)
    {
        var (code, message) = RequestRejection.Describe(status);
        var body = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(body))
        {
            ApiError.Write(writer, code, message, []);
        }
        var head = new StringBuilder(512);
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {JsonResponse.ContentType}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.WrittenCount}\r\n");
        head.Append("Connection: close\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Date: {now.ToString("r", CultureInfo.InvariantCulture)}\r\n");
        foreach (var (name, value) in SecurityHeadersMiddleware.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        head.Append("Cache-Control: no-store\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body.WrittenSpan];
    }
}
