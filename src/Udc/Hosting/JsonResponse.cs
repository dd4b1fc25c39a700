using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Hosting;

/// <summary>
/// A response written with <see cref="Utf8JsonWriter"/> straight from the engine's columns: no DTO, no
/// serializer, nothing built per row. Every JSON body of UDC, errors included, goes through here.
/// </summary>
/// <remarks>
/// The body is written into a per-thread buffer and copied to the response only once it is complete, so a
/// failure halfway never leaves half a document in front of the error envelope. Responses are bounded (a page
/// is at most 50 rows), so the copy is small; streams use their own writer.
/// </remarks>
internal sealed class JsonResponse(int statusCode, Action<Utf8JsonWriter> write) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>A buffer that grew past 1 MiB for a rare large body is dropped rather than kept per thread.</summary>
    private const int MaxRetainedBufferBytes = 1 << 20;

    [ThreadStatic]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "t_ marks a thread static (dotnet/runtime naming); .editorconfig naming cannot tell thread statics from other statics.")]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "t_ marks a thread static (dotnet/runtime naming); .editorconfig naming cannot tell thread statics from other statics.")]
    private static Utf8JsonWriter? t_writer;

    private int? _retryAfterSeconds;

    public int StatusCode => statusCode;

    /// <summary>Sends <c>Retry-After</c> with the body (an error that may be retried); null sends none.</summary>
    public JsonResponse WithRetryAfter(int? seconds)
    {
        _retryAfterSeconds = seconds;
        return this;
    }

    /// <summary>The body as bytes, for responses that are cached or hashed before they are sent.</summary>
    public byte[] Render()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public Task ExecuteAsync(HttpContext context)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, JsonOutput.WriterOptions);
        writer.Reset(buffer);
        write(writer);
        writer.Flush();

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        if (_retryAfterSeconds is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > MaxRetainedBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }
        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}
