namespace Udc.Hosting;

/// <summary>
/// What the server says when it refuses a request as HTTP (Kestrel's <see cref="BadHttpRequestException"/>), in
/// the API's words. Kestrel's own messages name its settings ("See MinRequestBodyDataRate") and C# parameters
/// ("Failed to bind parameter \"int page\""); a client needs what was wrong and the limit it passed.
/// </summary>
internal static class RequestRejection
{
    public static (string Code, string Message) Describe(int statusCode) => statusCode switch
    {
        StatusCodes.Status408RequestTimeout => (ErrorCodes.RequestTimeout,
            $"The request did not arrive in time: its headers must come within {HttpSettings.RequestHeadersTimeout.TotalSeconds:0} s and its body at {HttpSettings.MinRequestBodyBytesPerSecond} bytes a second or faster."),
        StatusCodes.Status413PayloadTooLarge => (ErrorCodes.PayloadTooLarge, $"The request body is larger than {HttpSettings.MaxRequestBodyBytes} bytes."),
        StatusCodes.Status414UriTooLong => (ErrorCodes.UriTooLong,
            $"The request line is longer than {HttpSettings.MaxRequestLineBytes} bytes; send fewer or shorter filter values."),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => (ErrorCodes.HeadersTooLarge,
            $"The request headers are larger than {HttpSettings.MaxRequestHeadersTotalBytes} bytes in all or more than {HttpSettings.MaxRequestHeaderCount} headers."),
        _ => (ErrorCodes.BadRequest,
            "The request is not valid HTTP: a malformed request line, path or header (such as a control character or NUL), or a body that ends early or is badly chunked."),
    };
}
