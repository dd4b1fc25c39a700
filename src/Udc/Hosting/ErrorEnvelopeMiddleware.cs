using Udc.Engine.Query.Aggregation;

namespace Udc.Hosting;

/// <summary>
/// Makes every failure the error envelope: exceptions become a 500 without a stack trace, malformed
/// requests a 400, an aggregation past the engine's bounds a 422 or a 503, a database source's failure a 503, 504 or 422, and bare status codes from routing
/// (404, 405) get a body too.
/// </summary>
internal sealed partial class ErrorEnvelopeMiddleware(RequestDelegate next, ILogger<ErrorEnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (code, message) = RequestRejection.Describe(e.StatusCode);
            await ApiError.Create(e.StatusCode, code, message).ExecuteAsync(context);
            return;
        }
        catch (AggregationLimitException e) when (!context.Response.HasStarted)
        {
            await AggregationLimitError.Create(e, context.Response).ExecuteAsync(context);
            return;
        }
        catch (Engine.Database.DatabaseReadException e) when (!context.Response.HasStarted)
        {
            await ApiError.From(Reading.DatabaseReadError.From(e)).ExecuteAsync(context);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, e, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ApiError.Create(StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "An unexpected error occurred.").ExecuteAsync(context);
            return;
        }

        if (context.Response is { HasStarted: false, StatusCode: >= 400, ContentLength: null, ContentType: null })
        {
            var (code, message) = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => (ErrorCodes.NotFound, $"No endpoint at {context.Request.Path}; see /openapi.json for the API."),
                StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}."),
                StatusCodes.Status413PayloadTooLarge => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
                _ => (ErrorCodes.BadRequest, "The request could not be processed."),
            };
            await ApiError.Create(context.Response.StatusCode, code, message).ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
