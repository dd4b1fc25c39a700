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
        using var connection = Open(Durability.Full);
        // WAL is a property of the file: set once, it holds for every later connection.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        SchemaMigrations.Apply(connection);
    }

    public string Path { get; }

    /// <summary>
    /// A connection for one unit of work. <see cref="Durability.Full"/> makes each commit wait for fsync of the
    /// WAL, so a revocation or an acknowledged webhook survives a power cut; <see cref="Durability.Normal"/>
    /// (safe from corruption, may lose the last commits on power loss) is for bookkeeping such as last use.
    /// </summary>
    public SqliteConnection Open(Durability durability)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, durability == Durability.Full
            ? "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            : "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
        return connection;
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
