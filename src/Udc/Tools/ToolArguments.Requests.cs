using System.Text.Json;
using Udc.Engine.Analytics;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Tools;

internal sealed partial class ToolArguments
{
    /// <summary>What <c>query_data</c> takes besides source, cursor and budget; a cursor replaces all of them.</summary>
    public static readonly string[] PageQuery =
        [ToolNames.Filters, QueryParameters.Text, QueryParameters.StartDate, QueryParameters.EndDate, QueryParameters.Sort, QueryParameters.Fields, QueryParameters.Page, QueryParameters.PageSize, QueryParameters.Version, QueryParameters.AsOf];

    /// <summary>What <c>aggregate_data</c> takes besides source, cursor and budget.</summary>
    public static readonly string[] AggregateQuery =
        [ToolNames.Filters, QueryParameters.Text, QueryParameters.StartDate, QueryParameters.EndDate, AggregateSpec.GroupByParameter, AggregateSpec.MetricsParameter, AggregateSpec.LimitParameter, QueryParameters.Version, QueryParameters.AsOf];

    /// <summary>What <c>get_record</c> takes besides source, cursor and budget.</summary>
    public static readonly string[] RecordQuery = [ToolNames.Id, QueryParameters.Fields, QueryParameters.Version, QueryParameters.AsOf];

    /// <summary>What <c>get_trend</c>, <c>detect_anomalies</c> and <c>forecast_series</c> take: the rows, then the series.</summary>
    public static readonly string[] SeriesQuery =
        [ToolNames.Filters, QueryParameters.Text, QueryParameters.StartDate, QueryParameters.EndDate, QueryParameters.Version, QueryParameters.AsOf,
         AnalyticsParameters.Measure, AnalyticsParameters.Series, AnalyticsParameters.Bucket, AnalyticsParameters.Function];

    public static readonly string[] AnomalyQuery = [.. SeriesQuery, AnalyticsParameters.Window, AnalyticsParameters.Threshold, AnalyticsParameters.Points];

    public static readonly string[] ForecastQuery = [.. SeriesQuery, AnalyticsParameters.Horizon, AnalyticsParameters.Method];

    /// <summary>What <c>check_quality</c> takes besides source and budget.</summary>
    public static readonly string[] QualityQuery = [QueryParameters.Version, QueryParameters.AsOf];

    /// <summary>What <c>query_sql</c> takes: the statement names its source.</summary>
    public static readonly string[] SqlQuery = [ToolNames.Sql];

    /// <summary>An analytics request from a tool call's arguments.</summary>
    public AnalyticsRequest ReadAnalytics() => new()
    {
        Rows = ReadQuery(),
        Measure = String(AnalyticsParameters.Measure),
        Series = String(AnalyticsParameters.Series),
        Bucket = String(AnalyticsParameters.Bucket),
        Function = String(AnalyticsParameters.Function),
        Window = Whole(AnalyticsParameters.Window),
        Threshold = Number(AnalyticsParameters.Threshold),
        AllPoints = String(AnalyticsParameters.Points) is "all",
        Horizon = Whole(AnalyticsParameters.Horizon),
        Method = String(AnalyticsParameters.Method),
    };

    private double? Number(string name)
    {
        if (Scalar(name) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Issues.Add(Issue(name, $"'{Clip(text)}' is not a number", "float_parsing"));
        return null;
    }

    /// <summary>The rows to match and how to show them; sizes are checked by the binder, like <c>/data</c>'s.</summary>
    public DataRequest ReadQuery() => new()
    {
        Filters = Filters(),
        Text = String(QueryParameters.Text),
        StartDate = String(QueryParameters.StartDate),
        EndDate = String(QueryParameters.EndDate),
        Sort = List(QueryParameters.Sort),
        Fields = List(QueryParameters.Fields),
        Page = Whole(QueryParameters.Page) ?? 1,
        PageSize = Whole(QueryParameters.PageSize) ?? QueryLimits.DefaultPageSize,
        Version = Whole(QueryParameters.Version),
        AsOf = String(QueryParameters.AsOf),
    };

    public AggregateRequest ReadAggregate() => new(
        List(AggregateSpec.GroupByParameter) ?? [],
        List(AggregateSpec.MetricsParameter) ?? [],
        Whole(AggregateSpec.LimitParameter));

    /// <summary>
    /// Reads the cursor argument. A cursor carries the whole query, so query arguments beside it are refused rather
    /// than silently ignored or merged: the model learns that the cursor alone continues the result.
    /// </summary>
    public ToolCursor? ReadCursor(string tool, string? source, IReadOnlyList<string> queryArguments)
    {
        if (String(ToolNames.Cursor) is not { } text)
        {
            return null;
        }
        var given = queryArguments.Where(Has).ToList();
        if (given.Count > 0)
        {
            Issues.Add(Issue(ToolNames.Cursor, $"a cursor already holds the query; give only source, cursor and max_tokens (drop {string.Join(", ", given)}), or drop the cursor to ask anew"));
            return null;
        }
        var cursor = ToolCursor.Decode(text);
        if (cursor is null || cursor.Tool != tool || source is not null && cursor.Source != source)
        {
            var forSource = source is null ? "" : $" for source '{Clip(source)}'";
            Issues.Add(Issue(ToolNames.Cursor, $"this is not a {tool} cursor{forSource}; pass next_cursor unchanged from the previous {tool} result, or call without cursor to start over"));
            return null;
        }
        return cursor;
    }

    /// <summary>The given arguments among <paramref name="names"/>, for a cursor to carry.</summary>
    public Dictionary<string, JsonElement> Subset(IReadOnlyList<string> names)
    {
        var subset = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (_values.TryGetValue(name, out var value) && value.ValueKind is not JsonValueKind.Null)
            {
                subset[name] = value;
            }
        }
        return subset;
    }

    /// <summary>A whole number, written as a number or as text; its range is the binder's to check.</summary>
    private int? Whole(string name)
    {
        if (Scalar(name) is not { } text)
        {
            return null;
        }
        if (RequestValues.ParseInteger(text) is { } value)
        {
            return value;
        }
        Issues.Add(Issue(name, RequestValues.NotAnInteger(text), "int_parsing"));
        return null;
    }
}
