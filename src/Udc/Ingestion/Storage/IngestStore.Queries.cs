using System.Text.Json;
using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Ingestion.Storage;

/// <summary>What <c>/stats</c>, <c>/ingest/runs/{id}</c> and drift detection read back.</summary>
internal sealed partial class IngestStore
{
    public IngestRun? FindRun(long runId)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RunColumns} FROM ingest_runs WHERE run_id = $id;";
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRun(reader) : null;
    }

    /// <summary>A connector's newest runs, newest first.</summary>
    public List<IngestRun> RecentRuns(string connector, int limit)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RunColumns} FROM ingest_runs WHERE connector = $c ORDER BY run_id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var runs = new List<IngestRun>();
        while (reader.Read())
        {
            runs.Add(ReadRun(reader));
        }
        return runs;
    }

    /// <summary>Records served, rejected rows kept, and the end of the last run that completed.</summary>
    public ConnectorTotals Totals(string connector)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM ingest_records WHERE connector = $c),
                   (SELECT COUNT(*) FROM ingest_rejected WHERE connector = $c),
                   (SELECT COUNT(*) FROM ingest_runs WHERE connector = $c),
                   (SELECT MAX(ended_at) FROM ingest_runs WHERE connector = $c AND status IN ('succeeded', 'not_modified'));
            """;
        command.Parameters.AddWithValue("$c", connector);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new ConnectorTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    /// <summary>The newest rejected rows of a connector, newest first.</summary>
    public List<RejectedRow> RecentRejected(string connector, int limit)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id, page, source_id, reason, body, rejected_at FROM ingest_rejected WHERE connector = $c ORDER BY rejected_id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<RejectedRow>();
        while (reader.Read())
        {
            rows.Add(new RejectedRow(reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return rows;
    }

    /// <summary>The field profile of the connector's newest run that fetched records, other than <paramref name="exceptRun"/>.</summary>
    public Dictionary<string, FieldProfile>? LastProfile(string connector, long exceptRun)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fields FROM ingest_runs WHERE connector = $c AND run_id <> $run AND fields IS NOT NULL ORDER BY run_id DESC LIMIT 1;";
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$run", exceptRun);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize(json, IngestJsonContext.Default.DictionaryStringFieldProfile) : null;
    }

    private static IngestRun ReadRun(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetInt64(7),
        reader.GetInt64(8),
        reader.GetInt64(9),
        reader.GetInt64(10),
        reader.GetInt64(11),
        reader.GetInt64(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? [] : JsonSerializer.Deserialize(reader.GetString(14), IngestJsonContext.Default.ListDriftFinding) ?? []);
}

/// <summary>A connector's totals for <c>/stats</c>.</summary>
internal sealed record ConnectorTotals(long Records, long Rejected, long Runs, DateTimeOffset? LastSuccessAt);

/// <summary>A rejected row as stored.</summary>
internal sealed record RejectedRow(long RunId, int Page, string? SourceId, string Reason, string Body, DateTimeOffset RejectedAt);
