using Udc.Engine.Database;
using Udc.Hosting;

namespace Udc.Reading;

/// <summary>
/// A read from a database source that did not go ahead, in the error envelope's words for every surface: 503 when the
/// database is down, the table changed or the source's pool is busy (with when to retry), 504 when the statement timed out, 422 for a feature
/// that needs every row in memory.
/// </summary>
internal static class DatabaseReadError
{
    public static ReadError From(DatabaseReadException e) => e.Failure switch
    {
        DatabaseFailure.Timeout => new ReadError(504, ErrorCodes.QueryTimeout, e.Message, []),
        DatabaseFailure.Unsupported => new ReadError(422, ErrorCodes.NotSupportedForSource, e.Message, []),
        _ => new ReadError(503, ErrorCodes.SourceUnavailable, e.Message, []) { RetryAfterSeconds = (int)Math.Ceiling(e.RetryAfter.TotalSeconds) },
    };
}
