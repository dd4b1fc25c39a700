namespace Udc.Tools;

/// <summary>
/// What each tool does, for the model choosing one. The sources, columns and values are in each input schema,
/// which follows the live catalog; these texts stay the same whatever the data.
/// </summary>
internal static class ToolDescriptions
{
    private const string Results =
        " Every result has metadata.voice_context (a sentence to read aloud) and data_freshness/staleness_indicator."
        + " Results stay within max_tokens (default 2000, estimated at 4 bytes of JSON a token); when metadata.next_cursor is present,"
        + " call again with only source, cursor and max_tokens to get the rest.";

    public const string QueryData =
        "Find rows of a data source: filter, search, sort, choose fields and page through them."
        + " Filters are exact (case-insensitive for text); column__in takes a list (any of); column__op keys compare (gt, gte, lt, lte, ne, contains, startswith, isnull)."
        + " start_date/end_date bound the source's time column; by default rows come newest first, 10 a page (page_size up to 50)."
        + " Returns {data: [rows], metadata: {total_results, page, has_next, applied_filters, ...}}."
        + Results;

    public const string AggregateData =
        "Count and summarise rows of a data source by group: group_by up to 4 columns, metrics count, sum:col, avg:col, min:col, max:col,"
        + " over the same filters as query_data. Groups come largest first, up to limit (default 100)."
        + " Use it for how many / how much questions instead of paging through rows."
        + " Returns {data: [groups], metadata: {total_results, total_groups, ...}}."
        + Results;

    public const string GetRecord =
        "Fetch one record of a data source by its id column (list_sources and describe_source name it), optionally only some fields."
        + " Returns {data: {record}, metadata: {...}}; an unknown id is an error that says which ids exist."
        + Results;

    public const string StartExport =
        "Start exporting every row of a data source that matches (same filters, text, dates, sort and fields as query_data) to a CSV or Excel file, as a background job."
        + " Returns at once with {request_id, status}: tell the user the export has started, then call get_job with the request_id until status is complete;"
        + " its result.download_url is a signed link to the file, valid for 24 hours. Use it for more rows than fit in an answer.";

    public const string GetJob =
        "Get a job started with start_export by its request_id: status (queued, running, complete, failed, cancelled), attempts,"
        + " error, and when complete its result (for an export: rows, file_name, download_url, expires_at).";

    public const string ListSources =
        "List the data sources: name, file, row count, what a row is (noun), id and time columns, freshness and load status."
        + " Call it first to see what can be asked."
        + Results;

    public const string DescribeSource =
        "Describe one data source: every column with its type, null and distinct counts, its values when there are few, min and max,"
        + " and the filter operators it takes. Call it before filtering on a source you do not know."
        + Results;

    private const string Series =
        " Works on any source with a timestamp column and a numeric measure; filters, dates and version select the rows as in query_data."
        + " A column of few values that shares the timeline (such as metric) splits the rows into series, each computed on its own.";

    public const string GetTrend =
        "Follow a measure over time: its values per hour, day, week or month (avg, sum, min, max or count), and for each series the latest value,"
        + " the change from the bucket before (percent and direction) and a spoken summary such as \"Daily active users rose 12% week over week to 1,480.\""
        + Series + Results;

    public const string DetectAnomalies =
        "Find unusual values: each point's z-score against the mean and standard deviation of the window of points before it (default 30),"
        + " flagged above the threshold (default 2). Use it for \"is anything unusual in error rate this week?\"."
        + Series + Results;

    public const string ForecastSeries =
        "Forecast a measure: the next buckets with a 95% interval, by a straight line or Holt-Winters with a weekly season,"
        + " and the method's error on a held-back tail of the history, so the answer can say how far to trust it."
        + Series + Results;

    public const string CheckQuality =
        "Check a source's data quality: a score from 0 to 100 overall and for completeness, validity, timeliness and consistency,"
        + " the worst findings named (missing values, values that do not fit their column, how old the newest row is, repeated ids and rows),"
        + " and per column its null, empty and invalid counts." + Results;

    public const string QuerySql =
        "Run one read-only SQL SELECT over one source, for questions the other tools cannot express (OR, NOT, LIKE, HAVING, ordering by an aggregate)."
        + " Returns {data: [rows], metadata: {columns, total_results, ...}}; a statement outside the subset is an error that says what is supported."
        + Results;
}
