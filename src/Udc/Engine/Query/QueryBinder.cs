using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>
/// Checks a <see cref="DataRequest"/> against one snapshot and turns it into a <see cref="QuerySpec"/>, or into the
/// list of everything wrong with it, each issue where the caller wrote the value. Every message names what would
/// have been valid, so a model can fix its own call.
/// </summary>
internal sealed partial class QueryBinder
{
    private readonly SourceSnapshot _snapshot;
    private readonly RequestOrigin _origin;
    private readonly List<ValidationIssue> _issues = [];
    private readonly List<Filter> _filters = [];
    private readonly List<SortKey> _sort = [];
    private readonly List<Column> _fields = [];
    private Operand? _text;
    private Condition? _condition;
    private (string Text, long Start, long End)? _startDate;
    private (string Text, long Start, long End)? _endDate;

    private QueryBinder(SourceSnapshot snapshot, RequestOrigin origin)
    {
        _snapshot = snapshot;
        _origin = origin;
    }

    /// <param name="issues">Issues the surface found while reading the request (a malformed page number), reported with the binder's own.</param>
    public static QueryParseResult Bind(SourceSnapshot snapshot, DataRequest request, RequestOrigin origin, IReadOnlyList<ValidationIssue>? issues = null)
    {
        var binder = new QueryBinder(snapshot, origin);
        if (issues is not null)
        {
            binder._issues.AddRange(issues);
        }
        if (request.Window is { } window)
        {
            binder.CheckBounds(QueryParameters.Offset, window.Offset, 0, RowWindow.MaxOffset);
            binder.CheckBounds(QueryParameters.Limit, window.Limit, 0, RowWindow.MaxLimit);
        }
        else
        {
            binder.CheckBounds(QueryParameters.Page, request.Page, 1, QueryLimits.MaxPage);
            binder.CheckBounds(QueryParameters.PageSize, request.PageSize, 1, QueryLimits.MaxPageSize);
        }
        if (request.Text is { } text && binder.CheckLength(origin.Parameter, QueryParameters.Text, text) && binder.CheckText(origin.Parameter, QueryParameters.Text, text.Trim()) && text.Trim().Length > 0)
        {
            binder._text = new Operand(text.Trim(), FoldedUtf8: TextFolding.Fold(text.Trim()));
        }
        if (request.Sort is { } sort)
        {
            binder.BindSort(sort);
        }
        if (request.Fields is { } fields)
        {
            binder.BindFields(fields);
        }
        binder._startDate = request.StartDate is { } start ? binder.ParseDateBound(QueryParameters.StartDate, start) : null;
        binder._endDate = request.EndDate is { } end ? binder.ParseDateBound(QueryParameters.EndDate, end) : null;
        foreach (var filter in request.Filters)
        {
            binder._filters.AddRange(binder.BindFilter(filter));
        }
        if (request.Condition is { } condition)
        {
            binder._condition = binder.BindCondition(condition);
        }
        return binder.Finish(request);
    }

    /// <summary>
    /// A record lookup by id: the id is one value of the id column's type (never a list), and the only other thing
    /// taken is the fields to return. Issues about the id are reported at <paramref name="idLocation"/>.
    /// </summary>
    public static QueryParseResult BindLookup(SourceSnapshot snapshot, Column idColumn, string id, IReadOnlyList<string>? fields, RequestOrigin origin, IReadOnlyList<string> idLocation)
    {
        var binder = new QueryBinder(snapshot, origin);
        if (fields is not null)
        {
            binder.BindFields(fields);
        }
        ValidationIssue AtId(string name, string message, string type) => new(idLocation, message, type);
        if (id.Trim().Length == 0)
        {
            binder._issues.Add(AtId(LookupParameter, "give a value", "value_error"));
        }
        else if (binder.CheckLength(AtId, LookupParameter, id) && binder.ParseOperand(AtId, LookupParameter, idColumn, FilterOperator.In, id.Trim()) is { } operand)
        {
            binder._filters.Add(new Filter(idColumn.Name, idColumn, FilterOperator.In, [operand]));
        }
        return binder.Finish(new DataRequest { PageSize = 1, Fields = fields });
    }

    public const string LookupParameter = "id";

    private QueryParseResult Finish(DataRequest request)
    {
        AddDateRange();
        if (_issues.Count > 0)
        {
            return new QueryParseResult(null, _issues);
        }

        var sortIsDefault = request.Sort is null;
        if (sortIsDefault && _snapshot.TimeColumn is { } time)
        {
            _sort.Add(new SortKey(time, Descending: true));
        }
        var spec = new QuerySpec
        {
            Filters = _filters,
            Text = _text,
            Sort = _sort,
            SortIsDefault = sortIsDefault,
            Fields = request.Fields is null ? _snapshot.Table.Columns : _fields,
            FieldsAreProjected = request.Fields is not null,
            Page = request.Window is null ? request.Page : 1,
            PageSize = request.Window?.Limit ?? request.PageSize,
            Start = request.Window?.Offset,
            Condition = _condition,
            Stream = request.Stream,
            DateRange = _startDate is null && _endDate is null ? null : new DateRangeText(_startDate?.Text, _endDate?.Text),
        };
        return new QueryParseResult(spec, _issues);
    }

    /// <summary>
    /// <c>start_date</c> and <c>end_date</c> bound the time column inclusively; a bare end date includes its
    /// whole day, as a person means by "until March 7".
    /// </summary>
    private void AddDateRange()
    {
        if (_startDate is null && _endDate is null)
        {
            return;
        }
        if (_snapshot.TimeColumn is not { } time)
        {
            var parameter = _startDate is not null ? QueryParameters.StartDate : QueryParameters.EndDate;
            _issues.Add(_origin.Parameter(parameter, $"source '{_snapshot.Name}' has no time column, so it cannot be filtered by date", "value_error"));
            return;
        }
        if (_startDate is { } start && _endDate is { } end && start.Start > end.End)
        {
            _issues.Add(_origin.Parameter(QueryParameters.EndDate, $"end_date {end.Text} is before start_date {start.Text}", "value_error"));
            return;
        }
        if (_startDate is { } from)
        {
            _filters.Add(new Filter(QueryParameters.StartDate, time, FilterOperator.GreaterThanOrEqual, [new Operand(from.Text, from.Start, from.Start)]));
        }
        if (_endDate is { } to)
        {
            _filters.Add(new Filter(QueryParameters.EndDate, time, FilterOperator.LessThanOrEqual, [new Operand(to.Text, to.End, to.End)]));
        }
    }

    private (string Text, long Start, long End)? ParseDateBound(string name, string text)
    {
        if (!CheckLength(_origin.Parameter, name, text))
        {
            return null;
        }
        text = text.Trim();
        if (Loading.TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var start, out var dateOnly))
        {
            return (text, start, dateOnly ? start + TimeSpan.MillisecondsPerDay - 1 : start);
        }
        _issues.Add(_origin.Parameter(name, $"'{Truncate(text)}' is not a date; use YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z", "date_parsing"));
        return null;
    }

    private bool CheckLength(Func<string, string, string, ValidationIssue> at, string name, string value)
    {
        if (value.Length <= QueryLimits.MaxValueLength)
        {
            return true;
        }
        _issues.Add(at(name, $"ensure this value has at most {QueryLimits.MaxValueLength} characters", "string_too_long"));
        return false;
    }

    /// <summary>A NUL cannot occur in data text, and is the separator of the search index, so it is refused.</summary>
    private bool CheckText(Func<string, string, string, ValidationIssue> at, string name, string text)
    {
        if (!text.Contains('\0'))
        {
            return true;
        }
        _issues.Add(at(name, "text must not contain NUL characters", "value_error"));
        return false;
    }

    private void CheckBounds(string name, long value, int min, int max)
    {
        if (value < min)
        {
            _issues.Add(_origin.Parameter(name, $"ensure this value is greater than or equal to {min}", "value_error"));
        }
        else if (value > max)
        {
            _issues.Add(_origin.Parameter(name, $"ensure this value is less than or equal to {max}", "value_error"));
        }
    }

    private bool? ParseBoolean(Func<string, string, string, ValidationIssue> at, string name, string text)
    {
        if (RequestValues.ParseBoolean(text) is { } value)
        {
            return value;
        }
        _issues.Add(at(name, $"'{Truncate(text)}' is not a valid boolean; use true or false", "bool_parsing"));
        return null;
    }

    private static string Truncate(string text) => TextClip.Clip(text, 40);
}

internal sealed record QueryParseResult(QuerySpec? Spec, IReadOnlyList<ValidationIssue> Issues);
