namespace Udc.Redis;

/// <summary>
/// A message between replicas on the Redis bus. <see cref="Kind"/> says which fields matter:
/// <c>invalidate</c> (Source, Token), <c>webhook</c> (Source, Token and the event), <c>key_created</c> (the key's
/// record: its id, name, the SHA-256 of its secret, never the secret), <c>key_revoked</c> (KeyId, At), <c>ingest</c> (Source, Token, Sequence, the
/// records committed as NDJSON in Payload, or At alone when a run completed), <c>ack</c>
/// (Nonce: a replica has acted on the message with that nonce). Every kind but <c>ack</c> also goes to the replay
/// log; its live copy carries its place there (<see cref="LogId"/>, <see cref="LogPreviousId"/>). Fields it does
/// not know are skipped, unlike in request bodies: a replica keeps reading what a newer one sends during an upgrade.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip)]
internal sealed record BusMessage
{
    public required string Kind { get; init; }

    /// <summary>The sending replica; a replica ignores its own messages.</summary>
    public required string Origin { get; init; }

    /// <summary>Unique per message: copies of one message (a send retried after its answer was lost) share it.</summary>
    public string? Nonce { get; init; }

    /// <summary>The message's entry id in the replay log; set by Redis on the live copy, never by the sender.</summary>
    public string? LogId { get; init; }

    /// <summary>The id of the log entry before it (<c>0-0</c> for the first): a receiver that has not seen that one missed a message.</summary>
    public string? LogPreviousId { get; init; }

    public string? Source { get; init; }

    public string? Token { get; init; }

    public string? KeyId { get; init; }

    public string? KeyName { get; init; }

    /// <summary>Base64 of the SHA-256 of the key's secret: what every replica's database holds anyway.</summary>
    public string? KeyHash { get; init; }

    public string[]? KeySources { get; init; }

    public long? KeyCreatedAt { get; init; }

    public long? KeyExpiresAt { get; init; }

    /// <summary>The key's row and column policies as stored (JSON); never a secret.</summary>
    public string? KeyPolicy { get; init; }

    /// <summary>When a revocation happened (Unix milliseconds).</summary>
    public long? At { get; init; }

    public string? WebhookId { get; init; }

    public string? EventType { get; init; }

    public string? Payload { get; init; }

    public long? ReceivedAt { get; init; }

    /// <summary><c>ingest</c>: the connector's commit sequence the records (NDJSON in <see cref="Payload"/>) bring it to.</summary>
    public long? Sequence { get; init; }
}
