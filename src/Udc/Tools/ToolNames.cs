namespace Udc.Tools;

/// <summary>The tools a model gets; the fast path records its calls under the same names.</summary>
internal static class ToolNames
{
    public const string FetchData = "fetch_data";
    public const string AggregateData = "aggregate_data";
    public const string GetRecord = "get_record";
    public const string ListSources = "list_sources";
}
