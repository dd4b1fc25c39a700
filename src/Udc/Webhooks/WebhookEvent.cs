namespace Udc.Webhooks;

/// <summary>An accepted webhook as stored; <see cref="AppliedAt"/> is null until it has been applied.</summary>
internal sealed record WebhookEvent(
    long EventId,
    string WebhookId,
    string Source,
    string EventType,
    string Payload,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AppliedAt,
    string? ApplyError);
