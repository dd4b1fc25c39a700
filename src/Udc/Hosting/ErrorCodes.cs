namespace Udc.Hosting;

/// <summary>The error codes of the seed's contract, plus the few UDC adds; clients branch on these.</summary>
internal static class ErrorCodes
{
    public const string Validation = "VALIDATION_ERROR";
    public const string UnknownSource = "UNKNOWN_DATA_SOURCE";
    public const string SourceNotReady = "SOURCE_NOT_READY";
    public const string SourceLoading = "SOURCE_LOADING";
    public const string RecordNotFound = "RECORD_NOT_FOUND";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string BadRequest = "BAD_REQUEST";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string HeadersTooLarge = "REQUEST_HEADERS_TOO_LARGE";
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string Internal = "INTERNAL_SERVER_ERROR";

    /// <summary>A model called a tool UDC does not have (tool results only: no HTTP route answers it).</summary>
    public const string UnknownTool = "UNKNOWN_TOOL";

    public const string AdminDisabled = "ADMIN_NOT_CONFIGURED";

    public const string LlmConfiguration = "LLM_CONFIGURATION_ERROR";
    public const string LlmAuth = "LLM_AUTH_ERROR";
    public const string LlmUpstream = "LLM_UPSTREAM_ERROR";
    public const string LlmTimeout = "LLM_TIMEOUT";

    public const string MasterKeyMissing = "MASTER_KEY_NOT_CONFIGURED";
    public const string KeyNotFound = "KEY_NOT_FOUND";
    public const string ExportTooLarge = "EXPORT_TOO_LARGE";
    public const string AggregateTooLarge = "AGGREGATE_TOO_LARGE";
    public const string ServerBusy = "SERVER_BUSY";

    /// <summary>A database source's database is down, refused the query, or its table changed (503, with Retry-After).</summary>
    public const string SourceUnavailable = "SOURCE_UNAVAILABLE";

    /// <summary>A database source's statement ran past its statement timeout (504).</summary>
    public const string QueryTimeout = "QUERY_TIMEOUT";

    /// <summary>A feature that reads every row in memory, asked of a database source (422).</summary>
    public const string NotSupportedForSource = "NOT_SUPPORTED_FOR_SOURCE";

    public const string InvalidApiKey = "AUTH_INVALID_API_KEY";
    public const string SourceForbidden = "AUTH_SOURCE_FORBIDDEN";
    public const string RateLimited = "RATE_LIMIT_EXCEEDED";
    public const string ApiKeyNotFound = "API_KEY_NOT_FOUND";
    public const string InvalidSignature = "WEBHOOK_INVALID_SIGNATURE";
    public const string WebhooksDisabled = "WEBHOOKS_DISABLED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string ShuttingDown = "SHUTTING_DOWN";
    public const string UnknownConnector = "UNKNOWN_CONNECTOR";
    public const string RunInProgress = "INGEST_RUN_IN_PROGRESS";
    public const string RunNotFound = "INGEST_RUN_NOT_FOUND";

    /// <summary>Every allowed <c>/sse/metrics</c> stream is open (<c>UDC_SSE_MAX_STREAMS</c>).</summary>
    public const string TooManyStreams = "TOO_MANY_STREAMS";

    public const string JobNotFound = "JOB_NOT_FOUND";
    public const string JobFinished = "JOB_FINISHED";
    public const string UnknownVendor = "UNKNOWN_VENDOR";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string DownloadLinkInvalid = "DOWNLOAD_LINK_INVALID";
    public const string DownloadLinkExpired = "DOWNLOAD_LINK_EXPIRED";

    /// <summary>The caller's row policy names a column the source does not have: nothing is read rather than everything.</summary>
    public const string PolicyNotApplicable = "AUTH_POLICY_NOT_APPLICABLE";

    /// <summary>The caller has spent its quota of rows for the window (<c>UDC_QUOTA_ROWS</c>).</summary>
    public const string QuotaExceeded = "QUOTA_EXCEEDED";

    /// <summary>The request's deadline passed before its answer was complete.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";
}
