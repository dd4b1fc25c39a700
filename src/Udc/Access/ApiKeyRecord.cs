namespace Udc.Access;

/// <summary>A client key as stored: never its plaintext, only the hash of its secret.</summary>
/// <param name="Sources">The sources the key may read; null means all.</param>
internal sealed record ApiKeyRecord(
    string KeyId,
    string Name,
    byte[] SecretHash,
    IReadOnlyList<string>? Sources,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    /// <summary>The key's row and column policies as written (JSON of a <see cref="KeyPolicy"/>); null for none.</summary>
    public string? Policy { get; init; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}
