namespace Udc.Tools;

/// <summary>
/// The names every model sees, over MCP and in the assistant alike: the tools, and the arguments that are not
/// <c>/data</c> query parameters (those keep <c>/data</c>'s names).
/// </summary>
internal static class ToolNames
{
    public const string ListSources = "list_sources";
    public const string DescribeSource = "describe_source";
    public const string QueryData = "query_data";
    public const string AggregateData = "aggregate_data";
    public const string GetRecord = "get_record";
    public const string GetTrend = "get_trend";
    public const string DetectAnomalies = "detect_anomalies";
    public const string ForecastSeries = "forecast_series";
    public const string CheckQuality = "check_quality";
    public const string QuerySql = "query_sql";
    public const string StartExport = "start_export";
    public const string GetJob = "get_job";

    /// <summary>
    /// The tools in the one order every list gives them: stable, so a provider's prompt cache stays warm. New tools
    /// are appended, so the prefix older clients cached stays the same.
    /// </summary>
    public static readonly string[] All = [ListSources, DescribeSource, QueryData, AggregateData, GetRecord, GetTrend, DetectAnomalies, ForecastSeries, CheckQuality, QuerySql, StartExport, GetJob];

    /// <summary>The first element of every issue location in a tool call: the problem is in its arguments.</summary>
    public const string Arguments = "arguments";

    public const string Source = "source";
    public const string Filters = "filters";
    public const string Id = "id";
    public const string Sql = "sql";
    public const string Cursor = "cursor";
    public const string MaxTokens = "max_tokens";
    public const string Truncated = "truncated";
    public const string NextCursor = "next_cursor";
    public const string RequestId = "request_id";
}
