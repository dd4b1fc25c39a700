namespace Udc.Redis;

/// <summary>
/// A message between replicas on the Redis bus. <see cref="Kind"/> says which fields matter:
/// <c>invalidate</c> (Source, Token), <c>webhook</c> (Source, Token and the event), <c>key_revoked</c> (KeyId),
/// <c>ack</c> (Nonce: a replica has acted on the message with that nonce).
/// </summary>
internal sealed record BusMessage
{
    public required string Kind { get; init; }

    /// <summary>The sending replica; a replica ignores its own messages.</summary>
    public required string Origin { get; init; }

    public string? Nonce { get; init; }

    public string? Source { get; init; }

    public string? Token { get; init; }

    public string? KeyId { get; init; }

    public string? WebhookId { get; init; }

    public string? EventType { get; init; }

    public string? Payload { get; init; }

    public long? ReceivedAt { get; init; }
}
