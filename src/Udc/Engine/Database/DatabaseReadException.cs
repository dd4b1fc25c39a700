namespace Udc.Engine.Database;

internal enum DatabaseFailure
{
    /// <summary>The database cannot be reached or refused the connection: retry later.</summary>
    Unavailable,

    /// <summary>Every connection of the source's pool stayed in use past the wait: the database is fine, UDC is at its bound.</summary>
    Busy,

    /// <summary>The statement ran past the source's statement timeout and was cancelled by the database.</summary>
    Timeout,

    /// <summary>A column or the table went away under UDC: the catalog is read again, and the request may be retried.</summary>
    SchemaChanged,

    /// <summary>The feature reads every row in memory and has no equivalent in SQL here.</summary>
    Unsupported,
}

/// <summary>
/// A read from a database source that did not go ahead. The engine says why; the edge turns it into its error (an
/// HTTP status and envelope, a tool error), in one place each.
/// </summary>
internal sealed class DatabaseReadException(DatabaseFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The message of <see cref="DatabaseFailure.Busy"/>, whatever the engine.</summary>
    public const string PoolExhausted = "Every connection this source may open to the database (max_connections) is busy; retry shortly.";

    public DatabaseFailure Failure { get; } = failure;

    /// <summary>When a retry is likely to succeed; a second is enough for a pool to reconnect or a catalog to be read.</summary>
    public TimeSpan RetryAfter => Failure is DatabaseFailure.Unavailable or DatabaseFailure.SchemaChanged or DatabaseFailure.Busy ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
}
