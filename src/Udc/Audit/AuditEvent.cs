namespace Udc.Audit;

/// <summary>
/// One read, as the audit trail keeps it: when, who (<c>key:{id}</c>, <c>oidc:{subject}</c>, <c>admin</c>,
/// <c>anonymous</c>), through which surface, what (method and route), which sources with which filters, how many
/// rows came back, what it cost, and how it ended. Filters show values only of columns no policy protects.
/// </summary>
internal sealed record AuditEvent(
    long Id,
    DateTimeOffset At,
    string Caller,
    string Surface,
    string Action,
    string? Source,
    string? Filters,
    long Rows,
    long Charge,
    string Outcome,
    int Status,
    bool Partial,
    double DurationMs);

/// <summary>What <c>GET /audit</c> asks for: every field optional, newest first.</summary>
internal sealed record AuditQuery(string? Caller, string? Surface, string? Source, string? Outcome, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);
