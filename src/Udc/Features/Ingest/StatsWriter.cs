using System.Text.Json;
using Udc.Ingestion;
using Udc.Ingestion.Connectors;
using Udc.Ingestion.Storage;

namespace Udc.Features.Ingest;

/// <summary>The JSON of <c>/stats</c> and of one run.</summary>
internal static class StatsWriter
{
    /// <summary>Rejected rows shown per connector: enough to see the reasons, the table holds the rest.</summary>
    public const int RejectedShown = 5;

    public static void Write(Utf8JsonWriter writer, IngestService ingestion, IReadOnlyList<ConnectorDefinition> connectors, bool restricted, int limit, DateTimeOffset now)
    {
        long records = 0, rejected = 0, runs = 0;
        writer.WriteStartObject();
        writer.WriteStartArray("connectors"u8);
        foreach (var connector in connectors)
        {
            var store = ingestion.Store;
            var totals = store.Totals(connector.Name);
            var recent = store.RecentRuns(connector.Name, limit);
            records += totals.Records;
            rejected += totals.Rejected;
            runs += totals.Runs;
            writer.WriteStartObject();
            writer.WriteString("name"u8, connector.Name);
            writer.WriteString("type"u8, connector.Kind switch { ConnectorKind.HttpJson => "http_json", ConnectorKind.Csv => "csv", _ => "feed" });
            writer.WriteString("state"u8, ingestion.RunningRunId(connector.Name) is null ? "idle" : "running");
            writer.WriteNumber("records"u8, totals.Records);
            writer.WriteNumber("rejected"u8, totals.Rejected);
            writer.WriteNumber("runs"u8, totals.Runs);
            WriteLag(writer, totals.LastSuccessAt, now);
            writer.WritePropertyName("last_run"u8);
            if (recent.Count > 0)
            {
                WriteRun(writer, recent[0]);
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteStartArray("drift"u8);
            foreach (var finding in recent.FirstOrDefault(r => r.Status != IngestRun.Running)?.Drift ?? [])
            {
                WriteDrift(writer, finding);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("recent_runs"u8);
            foreach (var run in recent)
            {
                WriteRun(writer, run);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("recent_rejected"u8);
            foreach (var row in store.RecentRejected(connector.Name, RejectedShown))
            {
                writer.WriteStartObject();
                writer.WriteNumber("run_id"u8, row.RunId);
                writer.WriteNumber("page"u8, row.Page);
                writer.WriteString("source_id"u8, row.SourceId);
                writer.WriteString("reason"u8, row.Reason);
                writer.WriteString("rejected_at"u8, row.RejectedAt);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("totals"u8);
        writer.WriteNumber("connectors"u8, connectors.Count);
        writer.WriteNumber("records"u8, records);
        writer.WriteNumber("rejected"u8, rejected);
        writer.WriteNumber("runs"u8, runs);
        writer.WriteEndObject();
        // Which connectors failed their checks, and why, is for the operator: a restricted key learns no names.
        writer.WriteStartArray("problems"u8);
        foreach (var problem in restricted ? [] : ingestion.Problems)
        {
            writer.WriteStartObject();
            writer.WriteString("connector"u8, problem.Connector);
            writer.WriteString("message"u8, problem.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>When the last run completed and how long ago: what <c>/health/summary</c> calls ingestion lag.</summary>
    public static void WriteLag(Utf8JsonWriter writer, DateTimeOffset? lastSuccessAt, DateTimeOffset now)
    {
        if (lastSuccessAt is { } at)
        {
            writer.WriteString("last_success_at"u8, at);
            writer.WriteNumber("lag_seconds"u8, Math.Round(Math.Max(0, (now - at).TotalSeconds), 3));
        }
        else
        {
            writer.WriteNull("last_success_at"u8);
            writer.WriteNull("lag_seconds"u8);
        }
    }

    public static void WriteRun(Utf8JsonWriter writer, IngestRun run)
    {
        writer.WriteStartObject();
        writer.WriteNumber("run_id"u8, run.RunId);
        writer.WriteString("connector"u8, run.Connector);
        writer.WriteString("trigger"u8, run.Trigger);
        writer.WriteString("status"u8, run.Status);
        writer.WriteString("started_at"u8, run.StartedAt);
        if (run.EndedAt is { } ended)
        {
            writer.WriteString("ended_at"u8, ended);
            writer.WriteNumber("duration_ms"u8, Math.Round(run.Duration!.Value.TotalMilliseconds, 1));
        }
        else
        {
            writer.WriteNull("ended_at"u8);
            writer.WriteNull("duration_ms"u8);
        }
        writer.WriteNumber("pages"u8, run.Pages);
        writer.WriteNumber("requests"u8, run.Requests);
        writer.WriteNumber("fetched"u8, run.Fetched);
        writer.WriteNumber("inserted"u8, run.Inserted);
        writer.WriteNumber("updated"u8, run.Updated);
        writer.WriteNumber("unchanged"u8, run.Unchanged);
        writer.WriteNumber("rejected"u8, run.Rejected);
        writer.WriteString("error"u8, run.Error);
        writer.WriteStartArray("drift"u8);
        foreach (var finding in run.Drift)
        {
            WriteDrift(writer, finding);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDrift(Utf8JsonWriter writer, DriftFinding finding)
    {
        writer.WriteStartObject();
        writer.WriteString("kind"u8, finding.Kind);
        writer.WriteString("field"u8, finding.Field);
        writer.WriteString("detail"u8, finding.Detail);
        writer.WriteEndObject();
    }
}
