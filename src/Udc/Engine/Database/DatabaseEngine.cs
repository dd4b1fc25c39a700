namespace Udc.Engine.Database;

/// <summary>The database engines a source can live in.</summary>
internal enum DatabaseEngine
{
    /// <summary>PostgreSQL, or any engine that speaks its protocol (Citus, CockroachDB's subset, ...), through Npgsql.</summary>
    PostgreSql,

    /// <summary>A SQLite database file, through Microsoft.Data.Sqlite.</summary>
    Sqlite,
}

internal static class DatabaseEngines
{
    /// <summary>The engine's name as the configuration and <c>/sources</c> write it.</summary>
    public static string WireName(this DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql ? "postgresql" : "sqlite";
}
