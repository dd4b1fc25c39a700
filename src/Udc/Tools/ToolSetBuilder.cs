using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Tools.Schema;

namespace Udc.Tools;

/// <summary>
/// Generates the tools from the live catalog: source names as an enum, each source's columns with their types and
/// values under <c>filters</c>, sortable and groupable columns, valid metrics. A new data file changes them without
/// code. Everything taken from the data is bounded (names, values, counts), so one odd file cannot swell the
/// schema every model call carries.
/// </summary>
internal static partial class ToolSetBuilder
{
    /// <summary>
    /// Past 300 names an enum costs more tokens in every tool list than it saves in wrong calls; the description
    /// then points at describe_source instead.
    /// </summary>
    private const int MaxEnumNames = 300;

    /// <summary>A column named with more than 64 characters is left out of schemas (filters still reach it): no real header is longer.</summary>
    public const int MaxSchemaNameLength = 64;

    /// <param name="caller">A key limited to some sources: the tools describe only those. Null for every source.</param>
    /// <param name="defaultBudget">What a call that gives no max_tokens gets, stated as its default.</param>
    public static ToolSet Build(IEnumerable<SourceState> readable, ClientIdentity? caller, OutputBudget defaultBudget)
    {
        var tokens = defaultBudget.Tokens;
        var states = readable.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var ready = states.Select(s => s.Snapshot).OfType<SourceSnapshot>().ToList();
        var definitions = new[]
        {
            new ToolDefinition(ToolNames.ListSources, "List data sources", ToolDescriptions.ListSources, ListSources(tokens), OutputSchemas.ListSources),
            new ToolDefinition(ToolNames.DescribeSource, "Describe a data source", ToolDescriptions.DescribeSource, DescribeSource(states, tokens), OutputSchemas.DescribeSource),
            new ToolDefinition(ToolNames.QueryData, "Query data", ToolDescriptions.QueryData, QueryData(ready, tokens), OutputSchemas.QueryData),
            new ToolDefinition(ToolNames.AggregateData, "Aggregate data", ToolDescriptions.AggregateData, AggregateData(ready, tokens), OutputSchemas.AggregateData),
            new ToolDefinition(ToolNames.GetRecord, "Get one record", ToolDescriptions.GetRecord, GetRecord(ready, tokens), OutputSchemas.GetRecord),
            new ToolDefinition(ToolNames.GetTrend, "Trend of a measure", ToolDescriptions.GetTrend, Trend(ready, tokens), OutputSchemas.Analytics),
            new ToolDefinition(ToolNames.DetectAnomalies, "Find unusual values", ToolDescriptions.DetectAnomalies, Anomalies(ready, tokens), OutputSchemas.Analytics),
            new ToolDefinition(ToolNames.ForecastSeries, "Forecast a measure", ToolDescriptions.ForecastSeries, Forecast(ready, tokens), OutputSchemas.Analytics),
            new ToolDefinition(ToolNames.CheckQuality, "Check data quality", ToolDescriptions.CheckQuality, Quality(states, tokens), OutputSchemas.Quality),
            new ToolDefinition(ToolNames.QuerySql, "Run a read-only SELECT", ToolDescriptions.QuerySql, Sql(ready, tokens), OutputSchemas.Sql),
            new ToolDefinition(ToolNames.StartExport, "Start an export", ToolDescriptions.StartExport, StartExport(ready), OutputSchemas.StartExport, readOnly: false),
            new ToolDefinition(ToolNames.GetJob, "Get a job", ToolDescriptions.GetJob, GetJob(), OutputSchemas.GetJob),
        };
        return new ToolSet(definitions, states, caller);
    }

    private static SchemaNode QueryData(IReadOnlyList<SourceSnapshot> sources, int tokens)
    {
        var columns = ColumnNames(sources);
        return Tool(
            [new(ToolNames.Source, Source(sources), Required: true),
             new(ToolNames.Filters, Filters(sources)),
             .. SearchAndDates(),
             .. Versions(),
             new(QueryParameters.Sort, NameList(Capped(columns.SelectMany(c => new[] { c, "-" + c }).ToList()), 8,
                 "Columns to order by, each with '-' in front for descending, as [\"-created_at\", \"name\"]. Nulls always come last. Default: newest first on the source's time column, else file order.")),
             new(QueryParameters.Fields, NameList(Capped(columns), 1_000, "The columns to return, in this order. Default: all. Fewer fields fit more rows in the token budget.")),
             new(QueryParameters.Page, Integer(1, QueryLimits.MaxPage, 1, "1-based page number.")),
             new(QueryParameters.PageSize, Integer(1, QueryLimits.MaxPageSize, QueryLimits.DefaultPageSize, "Rows per page.")),
             .. CursorAndBudget(ToolNames.QueryData, tokens)]);
    }

    private static SchemaNode AggregateData(IReadOnlyList<SourceSnapshot> sources, int tokens) => Tool(
        [new(ToolNames.Source, Source(sources), Required: true),
         new(ToolNames.Filters, Filters(sources)),
         .. SearchAndDates(),
         new(AggregateSpec.GroupByParameter, NameList(Capped(ColumnNames(sources)), AggregateSpec.MaxGroupColumns,
             "Columns whose values form the groups, as [\"status\", \"priority\"]. None: one group of all matching rows.")),
         new(AggregateSpec.MetricsParameter, NameList(Capped(MetricNames(sources)), 20,
             "What to compute per group: count, or sum:col / avg:col (numeric columns), min:col / max:col (numeric or timestamp columns). Default: [\"count\"].")),
         new(AggregateSpec.LimitParameter, Integer(1, AggregateSpec.MaxLimit, AggregateSpec.DefaultLimit, "Most groups to return, largest first.")),
         .. Versions(),
         .. CursorAndBudget(ToolNames.AggregateData, tokens)]);

    private static SchemaNode GetRecord(IReadOnlyList<SourceSnapshot> sources, int tokens) => Tool(
        [new(ToolNames.Source, Source([.. sources.Where(s => s.IdColumn is not null)]), Required: true),
         new(ToolNames.Id, new SchemaNode
         {
             AnyOf = [new SchemaNode { Type = "string", MinLength = 1, MaxLength = QueryLimits.MaxValueLength }, SchemaNode.Of("integer")],
             Description = "The record's value in the source's id column: " + IdColumns(sources) + ".",
         }, Required: true),
         new(QueryParameters.Fields, NameList(Capped(ColumnNames(sources)), 1_000, "The columns to return. Default: all.")),
         .. Versions(),
         .. CursorAndBudget(ToolNames.GetRecord, tokens)]);

    private static SchemaNode StartExport(IReadOnlyList<SourceSnapshot> sources)
    {
        var columns = ColumnNames(sources);
        return Tool(
            [new(ToolNames.Source, Source(sources), Required: true),
             new(ToolNames.Filters, Filters(sources)),
             .. SearchAndDates(),
             new(QueryParameters.Sort, NameList(Capped(columns.SelectMany(c => new[] { c, "-" + c }).ToList()), 8, "Columns to order the file by, '-' in front for descending.")),
             new(QueryParameters.Fields, NameList(Capped(columns), 1_000, "The columns of the file, in this order. Default: all.")),
             new(Features.Export.ExportJobRequest.FormatArgument, new SchemaNode
             {
                 Type = "string",
                 Enum = [.. Features.Export.ExportJobRequest.Formats],
                 Description = "csv (the default), or xlsx for Excel.",
             })]);
    }

    private static SchemaNode GetJob() => Tool(
        [new(ToolNames.RequestId, new SchemaNode { Type = "string", MinLength = 1, MaxLength = 64, Description = "The request_id start_export returned." }, Required: true)]);

    private static SchemaNode ListSources(int tokens) => Tool([.. CursorAndBudget(ToolNames.ListSources, tokens)]);

    private static SchemaNode DescribeSource(IReadOnlyList<SourceState> states, int tokens)
    {
        var names = Capped([.. states.Select(s => s.Name)]);
        return Tool(
            [new(ToolNames.Source, new SchemaNode
            {
                Type = "string",
                Enum = names.Count == 0 ? null : [.. names],
                Description = "The source to describe: " + (states.Count == 0 ? "there are none yet" : SourceList(states)) + ".",
            }, Required: true),
             .. CursorAndBudget(ToolNames.DescribeSource, tokens)]);
    }

    /// <summary>Unknown arguments are refused by the tools too, so the schema says so.</summary>
    private static SchemaNode Tool(IReadOnlyList<SchemaProperty> properties) => new() { Type = "object", Properties = properties, ClosedObject = true };

    private static SchemaProperty[] SearchAndDates() =>
    [
        new(QueryParameters.Text, new SchemaNode { Type = "string", MaxLength = QueryLimits.MaxValueLength, Description = "Free text, matched case-insensitively inside every text column." }),
        new(QueryParameters.StartDate, SchemaNode.Of("string", "Inclusive lower bound on the source's time column: YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z.")),
        new(QueryParameters.EndDate, SchemaNode.Of("string", "Inclusive upper bound on the source's time column; a bare date YYYY-MM-DD includes its whole day.")),
    ];

    private static SchemaProperty[] CursorAndBudget(string tool, int tokens) =>
    [
        new(ToolNames.Cursor, new SchemaNode
        {
            Type = "string",
            MaxLength = ToolCursor.MaxLength,
            Description = $"metadata.next_cursor of a previous {tool} result, unchanged: continues where it stopped. It holds the query, so give it with source and max_tokens only.",
        }),
        new(ToolNames.MaxTokens, Integer(OutputBudget.MinTokens, OutputBudget.MaxTokens, tokens,
            "Most tokens the result may take, estimated at 4 bytes of JSON a token. Past it the result is cut, metadata.truncated or next_cursor says so, and the cursor returns the rest.")),
    ];

    private static SchemaNode Integer(int minimum, int maximum, int defaultValue, string description) =>
        new() { Type = "integer", Minimum = minimum, Maximum = maximum, Default = defaultValue, Description = description };

    /// <summary>
    /// A list of names from a known set: <c>{"type": "array", "items": {"type": "string", "enum": [...]}}</c>.
    /// An empty set leaves out the enum, which JSON Schema wants non-empty.
    /// </summary>
    private static SchemaNode NameList(IReadOnlyCollection<string> names, int maxItems, string description) => new()
    {
        Type = "array",
        Items = new SchemaNode { Type = "string", Enum = names.Count == 0 ? null : [.. names] },
        MinItems = 1,
        MaxItems = maxItems,
        Description = description,
    };

    private static List<string> ColumnNames(IEnumerable<SourceSnapshot> sources) =>
        [.. sources.SelectMany(SchemaColumns).Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>count, then sum/avg of every numeric column and min/max of every numeric or timestamp column.</summary>
    private static List<string> MetricNames(IEnumerable<SourceSnapshot> sources)
    {
        var columns = sources.SelectMany(SchemaColumns).ToList();
        var numeric = columns.Where(c => c.Type is ColumnType.Int64 or ColumnType.Double).Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ordered = columns.Where(c => c.Type is ColumnType.Int64 or ColumnType.Double or ColumnType.Timestamp).Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ["count", .. numeric.Select(c => "sum:" + c), .. numeric.Select(c => "avg:" + c), .. ordered.Select(c => "min:" + c), .. ordered.Select(c => "max:" + c)];
    }

    /// <summary>The columns a schema names: all but those with names past <see cref="MaxSchemaNameLength"/>.</summary>
    private static IEnumerable<Column> SchemaColumns(SourceSnapshot snapshot) => snapshot.Table.Columns.Where(c => c.Name.Length <= MaxSchemaNameLength);

    private static IReadOnlyCollection<string> Capped(IReadOnlyCollection<string> names) => names.Count <= MaxEnumNames ? names : [];
}
