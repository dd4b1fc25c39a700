namespace Udc.Mcp.Tools;

/// <summary>The names MCP clients see: tools and their arguments. Query arguments keep the names of <c>/data</c>'s parameters.</summary>
internal static class McpNames
{
    public const string QueryData = "query_data";
    public const string AggregateData = "aggregate_data";
    public const string GetRecord = "get_record";
    public const string ListSources = "list_sources";
    public const string DescribeSource = "describe_source";

    /// <summary>The first element of every issue location: the problem is in the call's arguments.</summary>
    public const string Arguments = "arguments";

    public const string Source = "source";
    public const string Filters = "filters";
    public const string Id = "id";
    public const string Cursor = "cursor";
    public const string MaxTokens = "max_tokens";
    public const string Truncated = "truncated";
    public const string NextCursor = "next_cursor";
}
