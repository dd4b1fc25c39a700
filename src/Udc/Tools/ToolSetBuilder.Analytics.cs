using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Tools.Schema;

namespace Udc.Tools;

internal static partial class ToolSetBuilder
{
    private static SchemaProperty[] Versions() =>
    [
        new(QueryParameters.Version, new SchemaNode { Type = "integer", Minimum = 1, Description = "Read an earlier version of the source (see /sources/{source}/versions); default: the current one." }),
        new(QueryParameters.AsOf, SchemaNode.Of("string", "Read the version that was current at this instant (YYYY-MM-DD or ISO 8601); not with version.")),
    ];

    /// <summary>What every series tool takes: the source (those with a time column), the rows as query_data, then the series.</summary>
    private static List<SchemaProperty> Series(IReadOnlyList<SourceSnapshot> sources, string bucketDefault)
    {
        var timed = sources.Where(s => s.TimeColumn is not null).ToList();
        var measures = timed.SelectMany(AnalyticsBinder.Measures).Where(c => c.Name.Length <= MaxSchemaNameLength).Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var splits = timed.SelectMany(s => s.Table.Columns).Where(c => c.Type is ColumnType.String or ColumnType.Int64 or ColumnType.Boolean && c.Name.Length <= MaxSchemaNameLength)
            .Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return
        [
            new(ToolNames.Source, Source(timed), Required: true),
            new(ToolNames.Filters, Filters(timed)),
            .. SearchAndDates(),
            .. Versions(),
            new(AnalyticsParameters.Measure, new SchemaNode
            {
                Type = "string",
                Enum = Capped(measures) is { Count: > 0 } names ? [.. names] : null,
                Description = "The numeric column to follow. Default: the source's only numeric measure.",
            }),
            new(AnalyticsParameters.Series, new SchemaNode
            {
                Type = "string",
                Description = "A column whose values are separate series (e.g. metric). Default: inferred when a column of few values shares the timeline; \"none\" for one series. Columns: "
                    + string.Join(", ", Capped(splits)) + ".",
            }),
            new(AnalyticsParameters.Bucket, new SchemaNode
            {
                Type = "string",
                Enum = [.. TimeBuckets.Names, AnalyticsParameters.Auto, "none"],
                Description = $"Cut the series into hours, days, weeks or months (auto: by the data's spacing; none: raw points). Default: {bucketDefault}.",
            }),
            new(AnalyticsParameters.Function, new SchemaNode { Type = "string", Enum = AnalyticsParameters.Functions, Description = "How a bucket's points become one value. Default: avg." }),
        ];
    }

    private static SchemaNode Trend(IReadOnlyList<SourceSnapshot> sources, int tokens) => Tool([.. Series(sources, "auto"), .. Budget(tokens)]);

    private static SchemaNode Anomalies(IReadOnlyList<SourceSnapshot> sources, int tokens) => Tool(
        [.. Series(sources, "none (raw points)"),
         new(AnalyticsParameters.Window, Integer(2, AnalyticsLimits.MaxWindow, AnalyticsLimits.DefaultWindow, "How many earlier points each point is compared with.")),
         new(AnalyticsParameters.Threshold, new SchemaNode { Type = "number", Minimum = 0, Maximum = 100, Description = "Flag points whose |z-score| is above this many standard deviations. Default: 2." }),
         new(AnalyticsParameters.Points, new SchemaNode { Type = "string", Enum = ["anomalies", "all"], Description = "anomalies (default): the flagged points only; all: every scored point." }),
         .. Budget(tokens)]);

    private static SchemaNode Forecast(IReadOnlyList<SourceSnapshot> sources, int tokens) => Tool(
        [.. Series(sources, "auto"),
         new(AnalyticsParameters.Horizon, Integer(1, AnalyticsLimits.MaxHorizon, AnalyticsLimits.DefaultHorizon, "Buckets ahead to forecast.")),
         new(AnalyticsParameters.Method, new SchemaNode { Type = "string", Enum = AnalyticsParameters.Methods, Description = "auto (default): Holt-Winters with a weekly season when the history allows and it beats a line on the held-back tail; linear; holt_winters." }),
         .. Budget(tokens)]);

    private static SchemaNode Quality(IReadOnlyList<SourceState> states, int tokens)
    {
        var names = Capped([.. states.Select(s => s.Name)]);
        return Tool(
            [new(ToolNames.Source, new SchemaNode { Type = "string", Enum = names.Count == 0 ? null : [.. names], Description = "The source to check." }, Required: true),
             .. Versions(),
             .. Budget(tokens)]);
    }

    private static SchemaNode Sql(IReadOnlyList<SourceSnapshot> sources, int tokens) => Tool(
        [new(ToolNames.Sql, new SchemaNode
        {
            Type = "string",
            MinLength = 1,
            MaxLength = Engine.Sql.SqlParser.MaxLength,
            Description = "One SELECT over one source: " + (sources.Count == 0 ? "there are none yet" : string.Join(", ", Capped([.. sources.Select(s => s.Name)]))) + ". "
                + Engine.Sql.SqlParser.Supported + ". Text comparisons are case-insensitive. At most 1,000 rows; default LIMIT 100.",
        }, Required: true),
         .. Budget(tokens)]);

    private static SchemaProperty[] Budget(int tokens) =>
    [
        new(ToolNames.MaxTokens, Integer(OutputBudget.MinTokens, OutputBudget.MaxTokens, tokens,
            "Most tokens the result may take, estimated at 4 bytes of JSON a token. Past it the oldest items are left out and metadata.truncated says so.")),
    ];
}
