using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Hosting;

/// <summary>
/// A response written straight to the body pipe with <see cref="Utf8JsonWriter"/>: no DTO, no serializer,
/// nothing built per row. Every JSON body of UDC, errors included, goes through here.
/// </summary>
internal sealed class JsonResponse(int statusCode, Action<Utf8JsonWriter> write) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public int StatusCode => statusCode;

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

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, JsonOutput.WriterOptions))
        {
            write(writer);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
