using System.Text.Json;

namespace Udc.Tools.Schema;

/// <summary>
/// The shape of each tool's structured content: <c>/data</c>'s <c>{data, metadata}</c> plus MCP's
/// <c>truncated</c> and <c>next_cursor</c>. Rows are described by their value types only: their columns are
/// in the input schema and in describe_source, and vary by source.
/// </summary>
internal static class OutputSchemas
{
    private const string Scalar = """{"type": ["string", "number", "boolean", "null"]}""";

    private const string Row = $$"""{"type": "object", "additionalProperties": {{Scalar}}}""";

    private const string Freshness = """
        "data_freshness": {"type": "string", "description": "Age of the source's data in words, such as \"2 hours ago\"; \"never updated\" for a connector that has not completed a run."},
        "staleness_indicator": {"type": "string", "enum": ["fresh", "stale", "very_stale"], "description": "fresh under an hour, stale under a day, else very_stale."}
        """;

    private const string DataType = """
        "data_type": {"type": "string", "enum": ["tabular", "time_series", "hierarchical"]}
        """;

    private const string Continuation = """
        "truncated": {"type": "boolean", "description": "True when the token budget or a limit left items out; next_cursor returns them."},
        "rows_omitted": {"type": "integer", "description": "Rows of this page (groups, for aggregates) the token budget left out; next_cursor returns them."},
        "next_cursor": {"type": "string", "description": "Pass as cursor, with the same source, to continue."}
        """;

    private const string QueryEcho = """
        "source": {"type": "string"},
        "applied_filters": {"type": "array", "items": {"type": "object", "required": ["parameter", "column", "operator", "values"], "properties": {
          "parameter": {"type": "string"}, "column": {"type": "string"}, "operator": {"type": "string"}, "values": {"type": "array", "items": {"type": "string"} } } } },
        "query": {"type": "string"},
        "sort": {"type": "array", "items": {"type": "string"} },
        "fields": {"type": "array", "items": {"type": "string"} }
        """;

    private const string SourceSummary = $$"""
        "name": {"type": "string"}, "file": {"type": "string"}, "format": {"type": "string"},
        "status": {"type": "string", "enum": ["ready", "reload_failed", "failed"]},
        "row_count": {"type": "integer"}, "noun": {"type": "string"},
        "id_column": {"type": ["string", "null"]}, "time_column": {"type": ["string", "null"]},
        {{Freshness}}, {{DataType}},
        "loaded_at": {"type": "string"}, "file_modified_at": {"type": "string"},
        "error": {"type": ["string", "null"]}
        """;

    public static readonly JsonElement QueryData = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "array", "items": {{Row}}},
          "metadata": {"type": "object",
            "required": ["total_results", "returned_results", "page", "page_size", "total_pages", "has_next", "data_freshness", "staleness_indicator", "data_type", "voice_context", "source", "applied_filters", "sort", "truncated"],
            "properties": {
              "total_results": {"type": "integer"}, "returned_results": {"type": "integer"}, "page": {"type": "integer"},
              "page_size": {"type": "integer"}, "total_pages": {"type": "integer"}, "has_next": {"type": "boolean"},
              {{Freshness}}, {{DataType}},
              "voice_context": {"type": "string"},
              {{QueryEcho}},
              {{Continuation}}} } } }
        """);

    public static readonly JsonElement AggregateData = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "array", "items": {{Row}}},
          "metadata": {"type": "object",
            "required": ["total_results", "returned_results", "total_groups", "truncated", "group_by", "metrics", "data_freshness", "staleness_indicator", "data_type", "voice_context", "source", "applied_filters"],
            "properties": {
              "total_results": {"type": "integer"}, "returned_results": {"type": "integer"}, "total_groups": {"type": "integer"},
              "group_by": {"type": "array", "items": {"type": "string"} }, "metrics": {"type": "array", "items": {"type": "string"} },
              {{Freshness}}, {{DataType}},
              "voice_context": {"type": "string"},
              {{QueryEcho}},
              {{Continuation}}} } } }
        """);

    public static readonly JsonElement GetRecord = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {{Row}},
          "metadata": {"type": "object",
            "required": ["source", "id_column", "data_freshness", "staleness_indicator", "data_type", "voice_context", "truncated"],
            "properties": {
              "source": {"type": "string"}, "id_column": {"type": ["string", "null"]},
              {{Freshness}}, {{DataType}},
              "voice_context": {"type": "string"},
              {{Continuation}}} } } }
        """);

    /// <summary>A job as <c>GET /jobs/{id}</c> returns it.</summary>
    private const string Job = """
        "request_id": {"type": "string"}, "kind": {"type": "string"}, "vendor": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": ["queued", "running", "waiting_for_vendor", "complete", "failed", "cancelled"]},
        "attempts": {"type": "integer"}, "result": {}, "error": {"type": ["string", "null"]},
        "created_at": {"type": "string"}, "updated_at": {"type": "string"},
        "started_at": {"type": ["string", "null"]}, "finished_at": {"type": ["string", "null"]}
        """;

    public static readonly JsonElement StartExport = SchemaWriter.Parse("""
        {"type": "object", "required": ["request_id", "status", "voice_context"], "properties": {
          "request_id": {"type": "string"}, "status": {"type": "string"}, "voice_context": {"type": "string"} } }
        """);

    public static readonly JsonElement GetJob = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["request_id", "kind", "status", "attempts", "result", "error", "created_at", "updated_at", "voice_context"], "properties": {
          {{Job}}, "voice_context": {"type": "string"} } }
        """);

    public static readonly JsonElement ListSources = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "array", "items": {"type": "object", "required": ["name", "file", "format", "status", "error"], "properties": { {{SourceSummary}} } } },
          "metadata": {"type": "object",
            "required": ["total_results", "returned_results", "voice_context", "data_freshness", "staleness_indicator", "truncated"],
            "properties": {
              "total_results": {"type": "integer"}, "returned_results": {"type": "integer"},
              "voice_context": {"type": "string"},
              {{Freshness}},
              {{Continuation}}} } } }
        """);

    public static readonly JsonElement DescribeSource = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "object", "required": ["name", "file", "format", "status", "error", "columns"], "properties": {
            {{SourceSummary}},
            "columns": {"type": "array", "items": {"type": "object", "required": ["name", "type", "null_count", "distinct_count", "operators"], "properties": {
              "name": {"type": "string"},
              "type": {"type": "string", "enum": ["integer", "number", "boolean", "timestamp", "string"]},
              "null_count": {"type": "integer"}, "distinct_count": {"type": "integer"},
              "values": {"type": "array", "items": {"type": "string"} },
              "min": {"type": "string"}, "max": {"type": "string"},
              "operators": {"type": "array", "items": {"type": "string"} } } } } } },
          "metadata": {"type": "object",
            "required": ["voice_context", "total_columns", "returned_columns", "truncated"],
            "properties": {
              "voice_context": {"type": "string"},
              {{Freshness}}, {{DataType}},
              "total_columns": {"type": "integer"}, "returned_columns": {"type": "integer"},
              {{Continuation}}} } } }
        """);

    /// <summary>Trend, anomalies and forecast: items keyed by the source's own series and time columns, metadata describing the series.</summary>
    public static readonly JsonElement Analytics = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "array", "items": {{Row}}},
          "metadata": {"type": "object",
            "required": ["total_results", "returned_results", "measure", "time_column", "series_column", "total_series", "bucket", "data_freshness", "staleness_indicator", "data_type", "voice_context", "source", "applied_filters"],
            "properties": {
              "total_results": {"type": "integer"}, "returned_results": {"type": "integer"},
              "measure": {"type": "string"}, "time_column": {"type": "string"}, "series_column": {"type": ["string", "null"]},
              "series_inferred": {"type": "boolean"}, "total_series": {"type": "integer"},
              "bucket": {"type": ["string", "null"]}, "function": {"type": "string"},
              "series": {"type": "array", "items": {"type": "object"} },
              {{Freshness}}, {{DataType}},
              "voice_context": {"type": "string"},
              {{QueryEcho}},
              {{Continuation}}} } } }
        """);

    public static readonly JsonElement Quality = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "object", "required": ["source", "row_count", "scores", "findings", "columns", "consistency"], "properties": {
            "source": {"type": "string"}, "row_count": {"type": "integer"},
            "scores": {"type": "object", "properties": {"overall": {"type": "number"}, "completeness": {"type": "number"}, "validity": {"type": "number"}, "timeliness": {"type": ["number", "null"]}, "consistency": {"type": "number"} } },
            "findings": {"type": "array", "items": {"type": "object", "properties": {"dimension": {"type": "string"}, "column": {"type": ["string", "null"]}, "share": {"type": "number"}, "message": {"type": "string"} } } },
            "columns": {"type": "array", "items": {"type": "object"} },
            "timeliness": {"type": ["object", "null"]},
            "consistency": {"type": "object"} } },
          "metadata": {"type": "object", "required": ["source", "voice_context"], "properties": {
            "source": {"type": "string"}, "total_columns": {"type": "integer"}, "returned_columns": {"type": "integer"},
            {{Freshness}}, {{DataType}},
            "voice_context": {"type": "string"},
            {{Continuation}}} } } }
        """);

    public static readonly JsonElement Sql = SchemaWriter.Parse($$"""
        {"type": "object", "required": ["data", "metadata"], "properties": {
          "data": {"type": "array", "items": {{Row}}},
          "metadata": {"type": "object", "required": ["source", "sql", "columns", "total_results", "returned_results", "voice_context"], "properties": {
            "source": {"type": "string"}, "sql": {"type": "string"}, "columns": {"type": "array", "items": {"type": "string"} },
            "total_results": {"type": "integer"}, "returned_results": {"type": "integer"}, "grouped": {"type": "boolean"},
            {{Freshness}}, {{DataType}},
            "voice_context": {"type": "string"},
            {{Continuation}}} } } }
        """);
}
