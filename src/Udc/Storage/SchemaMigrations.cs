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
        // 5: background work (Udc.Background). work_items holds work that is queued or running: due_at is when it may
        // run next, and while leased it is the lease's end, so one partial index finds both due and abandoned items.
        // A finished item is deleted (each feature keeps its own record), so (queue, subject) is unique: a subject
        // (a job id, a connector) has at most one open item. leases are named locks that expire; database_id names
        // this file, so replicas that share it share one Redis stream and replicas with their own files do not.
        // IF NOT EXISTS: a step is applied to files whose user_version was set back by hand, as the tests do.
        """
        CREATE TABLE IF NOT EXISTS work_items (
            item_id     INTEGER PRIMARY KEY AUTOINCREMENT,
            queue       TEXT NOT NULL,
            subject     TEXT NOT NULL,
            state       TEXT NOT NULL,
            attempts    INTEGER NOT NULL DEFAULT 0,
            due_at      INTEGER NOT NULL,
            lease_owner TEXT NULL,
            lease_token TEXT NULL,
            last_error  TEXT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS work_items_subject ON work_items (queue, subject);
        CREATE INDEX IF NOT EXISTS work_items_due ON work_items (due_at);
        CREATE TABLE IF NOT EXISTS leases (
            name       TEXT PRIMARY KEY,
            owner      TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS schedules (
            name     TEXT PRIMARY KEY,
            next_due INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (name, value) VALUES ('database_id', lower(hex(randomblob(16))));
        """,
        // 6: jobs. A job row and its work item are written in one transaction before POST /jobs answers. The
        // idempotency key is unique per client ('' without keys), so a retried POST finds the job it made; pii_key
        // keys the hashes of cleaned personal data and download_key signs export links, the same on every replica
        // sharing this file.
        """
        CREATE TABLE IF NOT EXISTS jobs (
            job_id          TEXT PRIMARY KEY,
            kind            TEXT NOT NULL,
            vendor          TEXT NULL,
            status          TEXT NOT NULL,
            client          TEXT NOT NULL,
            payload         TEXT NOT NULL,
            request_hash    TEXT NOT NULL,
            idempotency_key TEXT NULL,
            callback_url    TEXT NULL,
            result          TEXT NULL,
            error           TEXT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            vendor_deadline INTEGER NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            started_at      INTEGER NULL,
            finished_at     INTEGER NULL
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS jobs_idempotency ON jobs (client, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at);
        INSERT OR IGNORE INTO meta (name, value) VALUES ('pii_key', lower(hex(randomblob(32))));
        INSERT OR IGNORE INTO meta (name, value) VALUES ('download_key', lower(hex(randomblob(32))));
        """,
        // 7: ingestion. Normalized records are one row per upstream id (rowid order is the order a source serves them
        // in); raw records keep what was received for each insert or change; a connector's checkpoint is written in the
        // transaction of the page it covers. Times are Unix milliseconds (UTC).
        """
        CREATE TABLE IF NOT EXISTS ingest_runs (
            run_id     INTEGER PRIMARY KEY AUTOINCREMENT,
            connector  TEXT NOT NULL,
            trigger    TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at   INTEGER NULL,
            status     TEXT NOT NULL,
            pages      INTEGER NOT NULL DEFAULT 0,
            requests   INTEGER NOT NULL DEFAULT 0,
            fetched    INTEGER NOT NULL DEFAULT 0,
            inserted   INTEGER NOT NULL DEFAULT 0,
            updated    INTEGER NOT NULL DEFAULT 0,
            unchanged  INTEGER NOT NULL DEFAULT 0,
            rejected   INTEGER NOT NULL DEFAULT 0,
            error      TEXT NULL,
            drift      TEXT NULL,
            fields     TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ingest_runs_connector ON ingest_runs (connector, run_id);
        CREATE TABLE IF NOT EXISTS ingest_records (
            connector    TEXT NOT NULL,
            source_id    TEXT NOT NULL,
            record       TEXT NOT NULL,
            content_hash BLOB NOT NULL,
            first_seen   INTEGER NOT NULL,
            last_seen    INTEGER NOT NULL,
            run_id       INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ingest_records_id ON ingest_records (connector, source_id);
        CREATE TABLE IF NOT EXISTS ingest_raw (
            raw_id       INTEGER PRIMARY KEY AUTOINCREMENT,
            connector    TEXT NOT NULL,
            run_id       INTEGER NOT NULL,
            source_id    TEXT NOT NULL,
            fetched_at   INTEGER NOT NULL,
            content_hash BLOB NOT NULL,
            body         TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ingest_raw_record ON ingest_raw (connector, source_id);
        CREATE TABLE IF NOT EXISTS ingest_rejected (
            rejected_id INTEGER PRIMARY KEY AUTOINCREMENT,
            connector   TEXT NOT NULL,
            run_id      INTEGER NOT NULL,
            page        INTEGER NOT NULL,
            source_id   TEXT NULL,
            reason      TEXT NOT NULL,
            body        TEXT NOT NULL,
            rejected_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ingest_rejected_connector ON ingest_rejected (connector, rejected_id);
        CREATE TABLE IF NOT EXISTS ingest_checkpoints (
            connector  TEXT PRIMARY KEY,
            state      TEXT NOT NULL,
            seq        INTEGER NOT NULL,
            run_id     INTEGER NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
        // 8: governance. A key's row and column policies (JSON), and the audit trail: who read what, when, with
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
