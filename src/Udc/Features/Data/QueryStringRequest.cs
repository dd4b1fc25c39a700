using Microsoft.Extensions.Primitives;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Data;

/// <summary>
/// Reads <c>/data</c>'s query string into the engine's typed requests. This is where the query string's own
/// conventions live: comma lists (<c>status=open,pending</c>), repeated keys, text written for numbers. What the
/// values mean is checked by the binder against the source, with issues at <c>["query", name]</c>.
/// </summary>
internal static class QueryStringRequest
{
    private static readonly RequestOrigin s_origin = RequestOrigin.QueryString;

    /// <param name="reserved">Parameters the caller reads itself (<c>group_by</c>, <c>export_format</c>); they are not filters.</param>
    /// <param name="issues">Where malformed scalars (<c>page=abc</c>, a parameter given twice) are reported.</param>
    public static DataRequest Read(IEnumerable<KeyValuePair<string, StringValues>> query, IReadOnlySet<string>? reserved, List<ValidationIssue> issues)
    {
        var request = new DataRequest();
        var filters = new List<FilterTerm>();
        foreach (var (name, values) in query)
        {
            if (reserved?.Contains(name) == true)
            {
                continue;
            }
            switch (name)
            {
                case QueryParameters.Page:
                    request = Single(name, values, issues) is { } page && Integer(name, page, issues) is { } p ? request with { Page = p } : request;
                    break;
                case QueryParameters.PageSize:
                    request = Single(name, values, issues) is { } size && Integer(name, size, issues) is { } s ? request with { PageSize = s } : request;
                    break;
                case QueryParameters.Stream:
                    request = Single(name, values, issues) is { } stream && Boolean(name, stream, issues) is { } b ? request with { Stream = b } : request;
                    break;
                case QueryParameters.Text:
                    request = request with { Text = Single(name, values, issues) };
                    break;
                case QueryParameters.Sort:
                    request = Single(name, values, issues) is { } sort ? request with { Sort = SplitList(sort) } : request;
                    break;
                case QueryParameters.Fields:
                    request = Single(name, values, issues) is { } fields ? request with { Fields = SplitList(fields) } : request;
                    break;
                case QueryParameters.StartDate:
                    request = request with { StartDate = Single(name, values, issues) };
                    break;
                case QueryParameters.EndDate:
                    request = request with { EndDate = Single(name, values, issues) };
                    break;
                case QueryParameters.Version:
                    request = Single(name, values, issues) is { } version && Integer(name, version, issues) is { } v ? request with { Version = v } : request;
                    break;
                case QueryParameters.AsOf:
                    request = request with { AsOf = Single(name, values, issues) };
                    break;
                default:
                    filters.Add(new FilterTerm(name, FilterValues(name, values)));
                    break;
            }
        }
        return request with { Filters = filters };
    }

    /// <summary><c>group_by=status,priority&amp;metrics=count,avg:value&amp;limit=20</c>.</summary>
    public static AggregateRequest ReadAggregate(IEnumerable<KeyValuePair<string, StringValues>> query, List<ValidationIssue> issues)
    {
        var request = AggregateRequest.Count;
        foreach (var (name, values) in query)
        {
            switch (name)
            {
                case AggregateSpec.GroupByParameter:
                    request = Single(name, values, issues) is { } groupBy ? request with { GroupBy = SplitList(groupBy) } : request;
                    break;
                case AggregateSpec.MetricsParameter:
                    request = Single(name, values, issues) is { } metrics ? request with { Metrics = SplitList(metrics) } : request;
                    break;
                case AggregateSpec.LimitParameter when Single(name, values, issues) is { } limit:
                    if (RequestValues.ParseInteger(limit) is { } number)
                    {
                        request = request with { Limit = number };
                    }
                    else
                    {
                        issues.Add(s_origin.Parameter(name, AggregateBinder.LimitMessage, "int_parsing"));
                    }
                    break;
            }
        }
        return request;
    }

    /// <summary>
    /// Every value of a filter, comma lists split: a repeated key adds to the values. Text operators take the value
    /// whole, since text may hold commas.
    /// </summary>
    private static string[] FilterValues(string key, StringValues values)
    {
        var whole = key.EndsWith(OperatorNames.Separator + "contains", StringComparison.Ordinal)
            || key.EndsWith(OperatorNames.Separator + "startswith", StringComparison.Ordinal);
        return whole ? [.. values.Select(v => v ?? "")] : [.. values.SelectMany(v => (v ?? "").Length > QueryLimits.MaxValueLength ? [v!] : SplitList(v ?? ""))];
    }

    private static string? Single(string name, StringValues values, List<ValidationIssue> issues)
    {
        if (values.Count > 1)
        {
            issues.Add(s_origin.Parameter(name, $"{name} is given {values.Count} times; give it once"));
            return null;
        }
        var value = values.Count == 0 ? "" : values[0] ?? "";
        if (value.Length > QueryLimits.MaxValueLength)
        {
            issues.Add(s_origin.Parameter(name, $"ensure this value has at most {QueryLimits.MaxValueLength} characters", "string_too_long"));
            return null;
        }
        return value.Trim();
    }

    private static int? Integer(string name, string text, List<ValidationIssue> issues)
    {
        if (RequestValues.ParseInteger(text) is { } value)
        {
            return value;
        }
        issues.Add(s_origin.Parameter(name, RequestValues.NotAnInteger(text), "int_parsing"));
        return null;
    }

    private static bool? Boolean(string name, string text, List<ValidationIssue> issues)
    {
        if (RequestValues.ParseBoolean(text) is { } value)
        {
            return value;
        }
        issues.Add(s_origin.Parameter(name, $"'{TextClip.Clip(text, 40)}' is not a valid boolean; use true or false", "bool_parsing"));
        return null;
    }

    private static string[] SplitList(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
