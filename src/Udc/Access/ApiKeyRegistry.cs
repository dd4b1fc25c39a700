using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Udc.Access;

/// <summary>
/// Validates client keys on the hot path without touching SQLite: a key's record is kept in memory and
/// re-read after <see cref="RecheckAfter"/>, so a revocation made by another process sharing the database
/// holds within that time (at once through the Redis bus, or on this process). Last use is recorded in
/// memory and written in batches by <see cref="FlushLastUsed"/>.
/// </summary>
internal sealed class ApiKeyRegistry(ApiKeyStore store, TimeProvider time)
{
    /// <summary>10 s bounds how stale a cached key can be, at one indexed read per key per 10 s.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, CachedKey> _keys = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);

    public ApiKeyStore Store => store;

    /// <summary>The identity for a presented key, or null: unknown, revoked, expired and malformed look alike.</summary>
    public ClientIdentity? Validate(string presented)
    {
        if (!ApiKeyFormat.TryParse(presented, out var id, out var secret))
        {
            return null;
        }
        var now = time.GetUtcNow();
        var cached = Lookup(id, now);
        if (cached is null)
        {
            return null;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        ApiKeyFormat.HashSecret(secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, cached.Record.SecretHash) ? Use(cached, now) : null;
    }

    /// <summary>
    /// The identity for a key whose secret this process has already checked (<see cref="KeyProof"/>): revocation
    /// and expiry are checked as on every request; only the hash is skipped.
    /// </summary>
    public ClientIdentity? ValidateProven(string keyId)
    {
        var now = time.GetUtcNow();
        return Lookup(keyId, now) is { } cached ? Use(cached, now) : null;
    }

    public void Created(ApiKeyRecord record) => _keys[record.KeyId] = new CachedKey(record, Identity(record), time.GetTimestamp());

    /// <summary>A key created on another replica: stored here too unless the database is shared and has it.</summary>
    public void CreatedElsewhere(ApiKeyRecord record)
    {
        store.InsertIfAbsent(record);
        Forget(record.KeyId);
    }

    /// <summary>A key revoked on another replica: revoked in this database too (a no-op when it is shared), then forgotten.</summary>
    public void RevokedElsewhere(string keyId, DateTimeOffset at)
    {
        store.Revoke(keyId, at);
        Forget(keyId);
    }

    /// <summary>Drops a key from memory (revoked here or on another replica): the next use re-reads it.</summary>
    public void Forget(string keyId) => _keys.TryRemove(keyId, out _);

    /// <summary>Writes the last-use times gathered since the previous flush.</summary>
    public int FlushLastUsed()
    {
        var pending = Interlocked.Exchange(ref _lastUsed, new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        store.RecordLastUsed(pending.ToArray());
        return pending.Count;
    }

    /// <summary>Last-use times not yet written, so a listing shows them before the next flush.</summary>
    public DateTimeOffset? PendingLastUse(string keyId) => _lastUsed.TryGetValue(keyId, out var at) ? at : null;

    private ClientIdentity? Use(CachedKey cached, DateTimeOffset now)
    {
        if (!cached.Record.IsUsableAt(now))
        {
            return null;
        }
        // Read-mostly: a busy key updates its pending time at most once a second.
        var keyId = cached.Record.KeyId;
        if (!_lastUsed.TryGetValue(keyId, out var previous) || now - previous >= TimeSpan.FromSeconds(1))
        {
            _lastUsed[keyId] = now;
        }
        return cached.Identity;
    }

    private CachedKey? Lookup(ReadOnlySpan<char> idSpan, DateTimeOffset now)
    {
        if (_keys.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(idSpan, out var cached) && time.GetElapsedTime(cached.LoadedAt) < RecheckAfter)
        {
            return cached;
        }
        var id = idSpan.ToString();
        var record = store.Find(id);
        if (record is null)
        {
            _keys.TryRemove(id, out _);
            return null;
        }
        // The identity is kept while the key's sources are unchanged: what hangs off it (the key's own tool set,
        // its principal) then lives as long as the key, not one re-read.
        var identity = cached is not null && SameSources(cached.Record.Sources, record.Sources) && cached.Record.Policy == record.Policy ? cached.Identity : Identity(record);
        cached = new CachedKey(record, identity, time.GetTimestamp());
        // Only usable keys stay in memory: a flood of revoked or expired ids cannot grow the table.
        if (record.IsUsableAt(now))
        {
            _keys[id] = cached;
        }
        else
        {
            _keys.TryRemove(id, out _);
        }
        return cached;
    }

    private static bool SameSources(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b, StringComparer.Ordinal);

    /// <summary>
    /// The identity of a stored key. A stored policy that no longer parses (written by a newer UDC) closes the key
    /// to every source rather than open it to every row.
    /// </summary>
    private static ClientIdentity Identity(ApiKeyRecord record)
    {
        var sources = record.Sources?.ToFrozenSet(StringComparer.Ordinal);
        if (record.Policy is not { } json)
        {
            return new(record.KeyId, false, sources);
        }
        var written = System.Text.Json.JsonSerializer.Deserialize(json, AccessJsonContext.Default.KeyPolicy);
        var policy = written is null ? null : CallerPolicy.From(written, [], []);
        return policy is null
            ? new(record.KeyId, false, FrozenSet<string>.Empty)
            : new(record.KeyId, false, sources) { Policy = policy };
    }

    private sealed record CachedKey(ApiKeyRecord Record, ClientIdentity Identity, long LoadedAt);
}
