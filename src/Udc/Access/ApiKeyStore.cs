using System.Text.Json;
using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Access;

/// <summary>The <c>api_keys</c> table. Creations and revocations commit with <see cref="Durability.Full"/>.</summary>
internal sealed class ApiKeyStore(SqliteDatabase database)
{
    private const string Columns = "key_id, name, secret_hash, sources, created_at, expires_at, revoked_at, last_used_at, policy";

    public void Insert(ApiKeyRecord key) => Insert(key, "INSERT");

    /// <summary>Stores a key unless one with its id is there already (a replica sharing the database wrote it).</summary>
    public void InsertIfAbsent(ApiKeyRecord key) => Insert(key, "INSERT OR IGNORE");

    private void Insert(ApiKeyRecord key, string verb)
    {
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command($"{verb} INTO api_keys ({Columns}) VALUES ($id, $name, $hash, $sources, $created, $expires, NULL, NULL, $policy);");
        command.Parameters.AddWithValue("$id", key.KeyId);
        command.Parameters.AddWithValue("$name", key.Name);
        command.Parameters.AddWithValue("$hash", key.SecretHash);
        command.Parameters.AddWithValue("$sources", key.Sources is null ? DBNull.Value : JsonSerializer.Serialize(key.Sources.ToArray(), AccessJsonContext.Default.StringArray));
        command.Parameters.AddWithValue("$created", key.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires", key.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$policy", key.Policy is { } policy ? policy : DBNull.Value);
        command.ExecuteNonQuery();
        write.Commit();
    }

    public ApiKeyRecord? Find(string keyId)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_keys WHERE key_id = $id;";
        command.Parameters.AddWithValue("$id", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    /// <summary>Every key, newest first.</summary>
    public List<ApiKeyRecord> List()
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_keys ORDER BY created_at DESC, key_id;";
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
        {
            keys.Add(ReadRecord(reader));
        }
        return keys;
    }

    /// <summary>Marks the key revoked; false when there is no such key. Revoking twice keeps the first time.</summary>
    public bool Revoke(string keyId, DateTimeOffset at)
    {
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $at) WHERE key_id = $id;");
        command.Parameters.AddWithValue("$id", keyId);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        var revoked = command.ExecuteNonQuery() == 1;
        write.Commit();
        return revoked;
    }

    /// <summary>Writes many last-use times in one transaction; losing the last batch to a power cut is harmless.</summary>
    public void RecordLastUsed(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> uses)
    {
        if (uses.Count == 0)
        {
            return;
        }
        // Behind the write gate, like every frequent writer: outside it, SQLite's busy handler would make gated writers sleep.
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("UPDATE api_keys SET last_used_at = MAX(COALESCE(last_used_at, 0), $at) WHERE key_id = $id;");
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        foreach (var (keyId, time) in uses)
        {
            id.Value = keyId;
            at.Value = time.ToUnixTimeMilliseconds();
            command.ExecuteNonQuery();
        }
        write.Commit();
    }

    private static ApiKeyRecord ReadRecord(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        (byte[])reader.GetValue(2),
        reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), AccessJsonContext.Default.StringArray),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        Time(reader, 5),
        Time(reader, 6),
        Time(reader, 7))
    {
        Policy = reader.IsDBNull(8) ? null : reader.GetString(8),
    };

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
