using Microsoft.Data.Sqlite;

namespace Udc.Storage;

/// <summary>
/// UDC's one SQLite file (API keys, webhook events, stored provider keys). Every connection runs in WAL mode, so
/// readers never wait for the writer; the schema is created and migrated (<see cref="SchemaMigrations"/>) when
/// the database is opened.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>Five seconds covers a checkpoint or another process's write; after that a write fails loudly.</summary>
    private const int BusyTimeoutMilliseconds = 5_000;

    private readonly string _connectionString;

    /// <summary>
    /// This process's writers queue here rather than in SQLite's busy handler. SQLite lets one connection write at a
    /// time, and one that finds the lock taken polls it, sleeping 1, 2, 5 ... up to 100 ms between tries, so it can
    /// sleep through many other writers' commits: in a 20 s jobs load run the busy handler slept 737 times for 100 ms
    /// and stalled <c>POST /jobs</c> for more than wrk's 2 s timeout. At the gate writers take turns in the order they came, each
    /// going in the moment the last one commits; the busy handler is left for other processes sharing the file.
    /// </summary>
    private readonly WriteGate _writeGate = new();

    private readonly WalCheckpointer _checkpointer;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
        // The checkpointer never creates the file: one due after a test or an uninstall removed it finds nothing to do.
        var existing = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        _checkpointer = new WalCheckpointer(() =>
        {
            var connection = new SqliteConnection(existing);
            connection.Open();
            return connection;
        });
        using var connection = Open(Durability.Full);
        // WAL is a property of the file: set once, it holds for every later connection.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        SchemaMigrations.Apply(connection);
    }

    public string Path { get; }

    /// <summary>
    /// A connection for reads (and for schema work at open). Every write of this process goes through
    /// <see cref="BeginWrite"/>: one writer outside the gate holds SQLite's lock while gated writers sleep in its busy
    /// handler, as the audit's once-a-second flush did to <c>POST /jobs</c>. <see cref="Durability.Full"/> makes each
    /// commit wait for fsync of the WAL, so a revocation or an acknowledged webhook survives a power cut;
    /// <see cref="Durability.Normal"/> (safe from corruption, may lose the last commits on power loss) is for
    /// bookkeeping such as last use.
    /// </summary>
    public SqliteConnection Open(Durability durability) => Open(durability, gated: false);

    private SqliteConnection Open(Durability durability, bool gated)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Pooled connections keep their settings: each open says all of them, as the last user may have said others.
        Execute(connection, string.Concat(
            durability == Durability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;",
            gated ? " PRAGMA wal_autocheckpoint=0;" : " PRAGMA wal_autocheckpoint=1000;",
            " PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"));
        return connection;
    }

    /// <summary>
    /// A write transaction behind this process's write gate: commit it with <see cref="SqliteWrite.Commit"/>; disposing
    /// it rolls back anything not committed. The connection is opened before the gate, so the gate is held only for
    /// the transaction itself, and its commit does not checkpoint (<see cref="WalCheckpointer"/>).
    /// </summary>
    public SqliteWrite BeginWrite(Durability durability)
    {
        var connection = Open(durability, gated: true);
        try
        {
            return new SqliteWrite(connection, _writeGate, _checkpointer);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A value the schema keeps in <c>meta</c>: this file's id, keys made once per file.</summary>
    public string Meta(string name)
    {
        using var connection = Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException($"the database '{Path}' has no '{name}' in meta");
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>How hard a commit waits for the disk.</summary>
internal enum Durability
{
    Normal,
    Full,
}
