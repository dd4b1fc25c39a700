namespace Udc.Jobs;

/// <summary>
/// One vendor a job can be sent to, from <c>UDC_VENDOR_{NAME}_*</c>. A <see cref="VendorMode.Sync"/> vendor answers the
/// call with the result; an <see cref="VendorMode.Async"/> vendor accepts it and posts the result later to
/// <c>/vendor-webhook/{name}</c>, signed (Standard Webhooks) with one of <see cref="SigningKeys"/>. A call that fails
/// in a way worth retrying is tried at most <see cref="MaxAttempts"/> times (<c>UDC_JOBS_MAX_ATTEMPTS</c> unless set).
/// </summary>
internal sealed record VendorSettings(
    string Name,
    Uri Url,
    VendorMode Mode,
    IReadOnlyList<byte[]> SigningKeys,
    int RequestsPerSecond,
    TimeSpan Timeout,
    TimeSpan CallbackTimeout,
    PiiPolicy Pii,
    int MaxAttempts)
{
    /// <summary>The outbound target's name: limits and the circuit breaker are kept per vendor.</summary>
    public string Target => "vendor:" + Name;
}

internal enum VendorMode
{
    Sync,
    Async,
}
