using System.Text.Json;
using System.Text.Json.Serialization;

namespace Udc.Engine.Database;

/// <summary>
/// Reads one database source from the <c>databases</c> section of the connectors file. Every problem is named, each
/// with the source and field it is in (<c>databases.orders.table: ...</c>), so a start with several mistakes reports
/// all of them; connection strings come from the environment variable each source names.
/// <code>{ "databases": { "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "public.orders" } } }</code>
/// </summary>
internal static class DatabaseSourceConfig
{
    /// <summary>The section of the connectors file that declares database sources.</summary>
    public const string Section = "databases";

    /// <summary>A name fits a URL segment: lower-case letters, digits, '_' and '-', up to 64.</summary>
    private const int MaxNameLength = 64;

    /// <returns>The source, or null when it has a problem (each added to <paramref name="errors"/>).</returns>
    public static DatabaseSourceDefinition? Read(string name, JsonElement element, string dataDirectory, Func<string, string?> environment, List<string> errors)
    {
        var before = errors.Count;
        void Problem(string field, string message) => errors.Add($"{Section}.{name}.{field}: {message}");
        DatabaseSourceModel? model;
        try
        {
            model = element.Deserialize(DatabaseSourceJsonContext.Default.DatabaseSourceModel);
        }
        catch (JsonException e)
        {
            Problem(e.Path?.TrimStart('$', '.') is { Length: > 0 } field ? field : "value", e.Message);
            return null;
        }
        if (model is null)
        {
            Problem("value", "must be an object");
            return null;
        }
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
        {
            Problem("name", $"must be 1 to {MaxNameLength} lower-case letters, digits, '_' or '-'");
        }
        var engine = model.Engine switch
        {
            "postgresql" or "postgres" => DatabaseEngine.PostgreSql,
            "sqlite" => DatabaseEngine.Sqlite,
            _ => (DatabaseEngine?)null,
        };
        if (engine is null)
        {
            Problem("engine", $"must be postgresql or sqlite, got '{model.Engine}'");
        }
        var connection = ConnectionString(model, engine, dataDirectory, environment, Problem);
        if (model.Table is null == model.Query is null)
        {
            Problem("table", "give either a table (or view) or a query, not both");
        }
        if (model.Query is { } query && !query.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase) && !query.TrimStart().StartsWith("with", StringComparison.OrdinalIgnoreCase))
        {
            Problem("query", "must be one SELECT (or WITH ... SELECT) statement");
        }
        if (model.Query is { } q && q.Contains(';', StringComparison.Ordinal))
        {
            Problem("query", "must be one statement, without ';'");
        }
        if (model.Columns is { Count: 0 })
        {
            Problem("columns", "list at least one column, or leave it out for all");
        }
        CheckRange(model.RowCap, 1, 10_000_000, "row_cap", Problem);
        CheckRange(model.StatementTimeoutMs, 10, 600_000, "statement_timeout_ms", Problem);
        CheckRange(model.MaxConnections, 1, 1_000, "max_connections", Problem);
        CheckRange(model.RefreshSeconds, 1, 86_400, "refresh_seconds", Problem);
        if (model.NotifyChannel is { } channel && (engine != DatabaseEngine.PostgreSql || channel.Length is 0 or > 63 || !channel.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
        {
            Problem("notify_channel", "is a PostgreSQL channel name of 1 to 63 lower-case letters, digits or '_'");
        }
        if (errors.Count > before || engine is not { } known || connection is null)
        {
            return null;
        }
        return new DatabaseSourceDefinition(name, known, connection, model.Table, model.Query, model.Columns, model.IdColumn, model.TimeColumn, model.Noun)
        {
            RowCap = model.RowCap ?? DatabaseSourceDefinition.DefaultRowCap,
            StatementTimeout = model.StatementTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : DatabaseSourceDefinition.DefaultStatementTimeout,
            MaxConnections = model.MaxConnections ?? DatabaseSourceDefinition.DefaultMaxConnections,
            RefreshInterval = model.RefreshSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DatabaseSourceDefinition.DefaultRefreshInterval,
            NotifyChannel = model.NotifyChannel,
        };
    }

    /// <summary>PostgreSQL takes its connection string from the variable named; a SQLite source may name its file in the data folder instead.</summary>
    private static string? ConnectionString(DatabaseSourceModel model, DatabaseEngine? engine, string dataDirectory, Func<string, string?> environment, Action<string, string> problem)
    {
        if (model.ConnectionEnv is { } variable)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                return value;
            }
            problem("connection_env", $"the environment variable {variable} is not set");
            return null;
        }
        if (engine == DatabaseEngine.Sqlite && model.File is { } file)
        {
            var path = Path.GetFullPath(Path.Combine(dataDirectory, file));
            if (!File.Exists(path))
            {
                problem("file", $"'{file}' does not exist in the data folder");
                return null;
            }
            return $"Data Source={path}";
        }
        problem("connection_env", engine == DatabaseEngine.Sqlite ? "name the environment variable holding the connection string, or give file" : "name the environment variable holding the connection string");
        return null;
    }

    private static void CheckRange(int? value, int min, int max, string field, Action<string, string> problem)
    {
        if (value is { } v && (v < min || v > max))
        {
            problem(field, $"must be from {min} to {max}, got {v}");
        }
    }
}

internal sealed class DatabaseSourceModel
{
    [JsonPropertyName("engine")]
    public string? Engine { get; init; }

    [JsonPropertyName("connection_env")]
    public string? ConnectionEnv { get; init; }

    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("table")]
    public string? Table { get; init; }

    [JsonPropertyName("query")]
    public string? Query { get; init; }

    [JsonPropertyName("columns")]
    public List<string>? Columns { get; init; }

    [JsonPropertyName("id_column")]
    public string? IdColumn { get; init; }

    [JsonPropertyName("time_column")]
    public string? TimeColumn { get; init; }

    [JsonPropertyName("noun")]
    public string? Noun { get; init; }

    [JsonPropertyName("row_cap")]
    public int? RowCap { get; init; }

    [JsonPropertyName("statement_timeout_ms")]
    public int? StatementTimeoutMs { get; init; }

    [JsonPropertyName("max_connections")]
    public int? MaxConnections { get; init; }

    [JsonPropertyName("refresh_seconds")]
    public int? RefreshSeconds { get; init; }

    [JsonPropertyName("notify_channel")]
    public string? NotifyChannel { get; init; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DatabaseSourceModel))]
internal sealed partial class DatabaseSourceJsonContext : JsonSerializerContext;
