using Microsoft.Data.Sqlite;

namespace Udc.Storage;

/// <summary>
/// The schema as an ordered list of steps; <c>PRAGMA user_version</c> records how many have run. A step is
/// never edited once released: a change is a new step, so every existing file migrates the same way.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] s_steps =
    [
        // 1: API keys. Only the SHA-256 of the secret is kept; times are Unix milliseconds (UTC).
        """
        CREATE TABLE api_keys (
            key_id       TEXT PRIMARY KEY,
            name         TEXT NOT NULL,
            secret_hash  BLOB NOT NULL,
            sources      TEXT NULL,
            created_at   INTEGER NOT NULL,
            expires_at   INTEGER NULL,
            revoked_at   INTEGER NULL,
            last_used_at INTEGER NULL
        ) WITHOUT ROWID;
        """,
        // 2: webhook events, deduplicated by the sender's webhook-id; applied_at is null until applied.
        """
        CREATE TABLE webhook_events (
            event_id    INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id  TEXT NOT NULL UNIQUE,
            source      TEXT NOT NULL,
            event_type  TEXT NOT NULL,
            payload     TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            applied_at  INTEGER NULL,
            apply_error TEXT NULL
        );
        CREATE INDEX webhook_events_source ON webhook_events (source, event_id);
        CREATE INDEX webhook_events_unapplied ON webhook_events (event_id) WHERE applied_at IS NULL;
        """,
        // 3: webhook retention. The pruner reads a source's oldest events up to a time; by event_id it would walk
        // every event the retention keeps, on each run and under the write lock.
        """
        CREATE INDEX webhook_events_source_received ON webhook_events (source, received_at);
        """,
        // 4: provider keys for the assistant, encrypted (AES-256-GCM) under UDC_MASTER_KEY; key_check tells a
        // changed master key from a corrupt row. IF NOT EXISTS: files made before this step created it themselves.
        """
        CREATE TABLE IF NOT EXISTS provider_keys (
            id TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            name TEXT NOT NULL,
            secret BLOB NOT NULL,
            key_check TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
        // 5: governance. A key's row and column policies (JSON), and the audit trail: who read what, when, with
        // what outcome; indexed by time (retention and the newest-first listing) and by caller.
        """
        ALTER TABLE api_keys ADD COLUMN policy TEXT NULL;
        CREATE TABLE audit_events (
            event_id  INTEGER PRIMARY KEY AUTOINCREMENT,
            at        INTEGER NOT NULL,
            caller    TEXT NOT NULL,
            surface   TEXT NOT NULL,
            action    TEXT NOT NULL,
            source    TEXT NULL,
            filters   TEXT NULL,
            rows      INTEGER NOT NULL,
            charge    INTEGER NOT NULL,
            outcome   TEXT NOT NULL,
            status    INTEGER NOT NULL,
            partial   INTEGER NOT NULL,
            duration_ms REAL NOT NULL
        );
        CREATE INDEX audit_events_at ON audit_events (at);
        CREATE INDEX audit_events_caller ON audit_events (caller, at);
        """,
    ];

    public static int Latest => s_steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var version = CurrentVersion(connection, transaction);
        if (version > s_steps.Length)
        {
            throw new InvalidOperationException($"the database '{connection.DataSource}' has schema version {version}, newer than this UDC ({s_steps.Length}); use a newer UDC");
        }
        for (var step = version; step < s_steps.Length; step++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = s_steps[step] + $"\nPRAGMA user_version = {step + 1};";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
