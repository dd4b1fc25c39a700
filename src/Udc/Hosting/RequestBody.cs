using System.Buffers;
using System.IO.Pipelines;

namespace Udc.Hosting;

/// <summary>Reads a request body whole, up to a cap; past the cap the request is refused with 413.</summary>
internal static class RequestBody
{
    public static async Task<(byte[]? Body, JsonResponse? Error)> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiError.Create(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, $"The body must be JSON (Content-Type: application/json), not '{type}'."));
        }
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            if (read.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return (null, TooLarge(maxBytes));
            }
            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return (body, null);
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static JsonResponse TooLarge(int maxBytes) =>
        ApiError.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");
}
