using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Mcp.Tools;

namespace Udc.Mcp.Schemas;

/// <summary>
/// The tools' input schemas, written from the live catalog: source names as an enum, each source's columns
/// with their types and values in <c>filters</c>, sortable and groupable columns, valid metrics. A new data
/// file changes them without code; <see cref="Catalog.CatalogPrimitives"/> rebuilds them on every change.
/// </summary>
internal static partial class InputSchemas
{
    /// <summary>
    /// Past 300 names an enum costs more tokens in every tools/list than it saves in wrong calls; the
    /// description then points at describe_source instead.
    /// </summary>
    private const int MaxEnumNames = 300;

    public static Dictionary<string, JsonElement> Build(IReadOnlyCollection<SourceState> states)
    {
        var ready = states.Where(s => s.Snapshot is not null).Select(s => s.Snapshot!).ToList();
        var all = states.Select(s => s.Name).ToList();
        return new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [McpNames.QueryData] = SchemaJson.Build(w => QueryData(w, ready)),
            [McpNames.AggregateData] = SchemaJson.Build(w => AggregateData(w, ready)),
            [McpNames.GetRecord] = SchemaJson.Build(w => GetRecord(w, ready)),
            [McpNames.ListSources] = SchemaJson.Build(ListSources),
            [McpNames.DescribeSource] = SchemaJson.Build(w => DescribeSource(w, all, states)),
        };
    }

    private static void QueryData(Utf8JsonWriter writer, IReadOnlyList<SourceSnapshot> sources)
    {
        StartTool(writer);
        Source(writer, sources);
        Filters(writer, sources);
        SearchAndDates(writer);
        var columns = ColumnNames(sources);
        var sortKeys = columns.SelectMany(c => new[] { c, "-" + c }).ToList();
        SchemaJson.NameList(writer, QueryParameters.Sort, Capped(sortKeys), 8,
            "Columns to order by, each with '-' in front for descending, as [\"-created_at\", \"name\"]. Nulls always come last. Default: newest first on the source's time column, else file order.");
        SchemaJson.NameList(writer, QueryParameters.Fields, Capped(columns), 1_000,
            "The columns to return, in this order. Default: all. Fewer fields fit more rows in the token budget.");
        SchemaJson.Integer(writer, QueryParameters.Page, 1, QueryLimits.MaxPage, 1, "1-based page number.");
        SchemaJson.Integer(writer, QueryParameters.PageSize, 1, QueryLimits.MaxPageSize, QueryLimits.DefaultPageSize, "Rows per page.");
        CursorAndBudget(writer, McpNames.QueryData);
        EndTool(writer, [McpNames.Source]);
    }

    private static void AggregateData(Utf8JsonWriter writer, IReadOnlyList<SourceSnapshot> sources)
    {
        StartTool(writer);
        Source(writer, sources);
        Filters(writer, sources);
        SearchAndDates(writer);
        SchemaJson.NameList(writer, AggregateSpec.GroupByParameter, Capped(ColumnNames(sources)), AggregateSpec.MaxGroupColumns,
            "Columns whose values form the groups, as [\"status\", \"priority\"]. None: one group of all matching rows.");
        SchemaJson.NameList(writer, AggregateSpec.MetricsParameter, Capped(MetricNames(sources)), 20,
            "What to compute per group: count, or sum:col / avg:col (numeric columns), min:col / max:col (numeric or timestamp columns). Default: [\"count\"].");
        SchemaJson.Integer(writer, AggregateSpec.LimitParameter, 1, AggregateSpec.MaxLimit, AggregateSpec.DefaultLimit, "Most groups to return, largest first.");
        CursorAndBudget(writer, McpNames.AggregateData);
        EndTool(writer, [McpNames.Source]);
    }

    private static void GetRecord(Utf8JsonWriter writer, IReadOnlyList<SourceSnapshot> sources)
    {
        StartTool(writer);
        Source(writer, sources.Where(s => s.IdColumn is not null).ToList());
        writer.WriteStartObject(McpNames.Id);
        writer.WriteStartArray("anyOf"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "string");
        writer.WriteNumber("minLength"u8, 1);
        writer.WriteEndObject();
        SchemaJson.Type(writer, "integer");
        writer.WriteEndArray();
        writer.WriteString("description"u8, "The record's value in the source's id column: " + IdColumns(sources) + ".");
        writer.WriteEndObject();
        SchemaJson.NameList(writer, QueryParameters.Fields, Capped(ColumnNames(sources)), 1_000, "The columns to return. Default: all.");
        CursorAndBudget(writer, McpNames.GetRecord);
        EndTool(writer, [McpNames.Source]);
    }

    private static void ListSources(Utf8JsonWriter writer)
    {
        StartTool(writer);
        CursorAndBudget(writer, McpNames.ListSources);
        EndTool(writer, []);
    }

    private static void DescribeSource(Utf8JsonWriter writer, IReadOnlyCollection<string> names, IReadOnlyCollection<SourceState> states)
    {
        StartTool(writer);
        writer.WriteStartObject(McpNames.Source);
        writer.WriteString("type"u8, "string");
        if (names.Count > 0)
        {
            SchemaJson.StringArray(writer, "enum", names);
        }
        writer.WriteString("description"u8, "The source to describe: " + (names.Count == 0 ? "there are none yet" : SourceList(states)) + ".");
        writer.WriteEndObject();
        CursorAndBudget(writer, McpNames.DescribeSource);
        EndTool(writer, [McpNames.Source]);
    }

    private static void StartTool(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "object");
        writer.WriteStartObject("properties"u8);
    }

    /// <summary>Unknown arguments are refused by the tools too, so the schema says so.</summary>
    private static void EndTool(Utf8JsonWriter writer, string[] required)
    {
        writer.WriteEndObject();
        if (required.Length > 0)
        {
            SchemaJson.StringArray(writer, "required", required);
        }
        writer.WriteBoolean("additionalProperties"u8, false);
        writer.WriteEndObject();
    }

    private static void SearchAndDates(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(QueryParameters.Text);
        writer.WriteString("type"u8, "string");
        writer.WriteNumber("maxLength"u8, QueryLimits.MaxValueLength);
        writer.WriteString("description"u8, "Free text, matched case-insensitively inside every text column.");
        writer.WriteEndObject();
        writer.WriteStartObject(QueryParameters.StartDate);
        writer.WriteString("type"u8, "string");
        writer.WriteString("description"u8, "Inclusive lower bound on the source's time column: YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z.");
        writer.WriteEndObject();
        writer.WriteStartObject(QueryParameters.EndDate);
        writer.WriteString("type"u8, "string");
        writer.WriteString("description"u8, "Inclusive upper bound on the source's time column; a bare date YYYY-MM-DD includes its whole day.");
        writer.WriteEndObject();
    }

    private static void CursorAndBudget(Utf8JsonWriter writer, string tool)
    {
        writer.WriteStartObject(McpNames.Cursor);
        writer.WriteString("type"u8, "string");
        writer.WriteNumber("maxLength"u8, ToolCursor.MaxLength);
        writer.WriteString("description"u8, $"metadata.next_cursor of a previous {tool} result, unchanged: continues where it stopped. It holds the query, so give it with source and max_tokens only.");
        writer.WriteEndObject();
        SchemaJson.Integer(writer, McpNames.MaxTokens, TokenBudget.MinTokens, TokenBudget.MaxTokens, TokenBudget.DefaultTokens,
            "Most tokens the result may take, estimated at 4 bytes of JSON a token. Past it the result is cut, metadata.truncated or next_cursor says so, and the cursor returns the rest.");
    }

    private static List<string> ColumnNames(IEnumerable<SourceSnapshot> sources) =>
        [.. sources.SelectMany(s => s.Table.Columns.Select(c => c.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>count, then sum/avg of every numeric column and min/max of every numeric or timestamp column.</summary>
    private static List<string> MetricNames(IEnumerable<SourceSnapshot> sources)
    {
        var columns = sources.SelectMany(s => s.Table.Columns).ToList();
        var numeric = columns.Where(c => c.Type is ColumnType.Int64 or ColumnType.Double).Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ordered = columns.Where(c => c.Type is ColumnType.Int64 or ColumnType.Double or ColumnType.Timestamp).Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ["count", .. numeric.Select(c => "sum:" + c), .. numeric.Select(c => "avg:" + c), .. ordered.Select(c => "min:" + c), .. ordered.Select(c => "max:" + c)];
    }

    private static IReadOnlyCollection<string> Capped(IReadOnlyCollection<string> names) => names.Count <= MaxEnumNames ? names : [];
}
