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
}
