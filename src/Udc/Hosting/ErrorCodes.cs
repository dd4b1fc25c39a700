namespace Udc.Hosting;

/// <summary>The error codes of the seed's contract, plus the few UDC adds; clients branch on these.</summary>
internal static class ErrorCodes
{
    public const string Validation = "VALIDATION_ERROR";
    public const string UnknownSource = "UNKNOWN_DATA_SOURCE";
    public const string SourceNotReady = "SOURCE_NOT_READY";
    public const string RecordNotFound = "RECORD_NOT_FOUND";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string BadRequest = "BAD_REQUEST";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string Internal = "INTERNAL_SERVER_ERROR";
    public const string ExportTooLarge = "EXPORT_TOO_LARGE";
}
