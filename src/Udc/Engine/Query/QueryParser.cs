using System.Globalization;
using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>
/// Turns query-string parameters into a <see cref="QuerySpec"/> for one snapshot, or into the list of everything
/// wrong with them. Every message names what would have been valid, so a model can fix its own call.
/// </summary>
internal sealed partial class QueryParser
{
    private readonly SourceSnapshot _snapshot;
    private readonly bool _splitValues;
    private readonly List<ValidationIssue> _issues = [];
    private readonly List<Filter> _filters = [];
    private readonly List<SortKey> _sort = [];
    private readonly List<Column> _fields = [];
    private int _page = 1;
    private int _pageSize = QueryLimits.DefaultPageSize;
    private bool _stream;
    private bool _sortGiven;
    private bool _fieldsGiven;
    private Operand? _text;
    private (string Text, long Start, long End)? _startDate;
    private (string Text, long Start, long End)? _endDate;

    private QueryParser(SourceSnapshot snapshot, bool splitValues)
    {
        _snapshot = snapshot;
        _splitValues = splitValues;
    }

    /// <param name="reserved">Parameters the caller handles itself (such as <c>group_by</c>); they are not filters.</param>
    /// <param name="splitValues">
    /// True when a filter value is a comma-separated list, as in a query string (<c>status=open,pending</c>);
    /// false when each value is whole, as MCP's JSON lists are, so <c>"Smith, John"</c> stays one name.
    /// </param>
    public static QueryParseResult Parse(SourceSnapshot snapshot, IEnumerable<KeyValuePair<string, StringValues>> parameters, IReadOnlySet<string>? reserved = null, bool splitValues = true)
    {
        var parser = new QueryParser(snapshot, splitValues);
        foreach (var (name, values) in parameters)
        {
            if (reserved?.Contains(name) == true)
            {
                continue;
            }
            parser.Accept(name, values);
        }
        return parser.Finish();
    }

    /// <summary>
    /// A record lookup by id: the id is one value of the id column's type (never a comma list), and the only
    /// parameter taken besides it is <c>fields</c>. Issues about the id are reported under <c>id</c>.
    /// </summary>
    public static QueryParseResult ParseLookup(SourceSnapshot snapshot, Column idColumn, string id, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var parser = new QueryParser(snapshot, splitValues: false) { _pageSize = 1 };
        foreach (var (name, values) in parameters)
        {
            if (name == QueryParameters.Fields)
            {
                parser.Accept(name, values);
            }
            else
            {
                parser._issues.Add(ValidationIssue.Query(name, $"a record lookup takes only {QueryParameters.Fields}", "extra_forbidden"));
            }
        }
        if (id.Trim().Length == 0)
        {
            parser._issues.Add(ValidationIssue.Query(LookupParameter, "give a value"));
        }
        else if (parser.CheckLength(LookupParameter, id) && parser.ParseOperand(LookupParameter, idColumn, FilterOperator.In, id.Trim()) is { } operand)
        {
            parser._filters.Add(new Filter(idColumn.Name, idColumn, FilterOperator.In, [operand]));
        }
        return parser.Finish();
    }

    public const string LookupParameter = "id";

    private void Accept(string name, StringValues values)
    {
        switch (name)
        {
            case QueryParameters.Page:
                if (Single(name, values) is { } page && ParseBoundedInt(name, page, 1, QueryLimits.MaxPage) is { } p)
                {
                    _page = p;
                }
                break;
            case QueryParameters.PageSize:
                if (Single(name, values) is { } size && ParseBoundedInt(name, size, 1, QueryLimits.MaxPageSize) is { } s)
                {
                    _pageSize = s;
                }
                break;
            case QueryParameters.Stream:
                if (Single(name, values) is { } stream && ParseBoolean(name, stream) is { } b)
                {
                    _stream = b;
                }
                break;
            case QueryParameters.Text:
                if (Single(name, values) is { Length: > 0 } text && CheckText(name, text))
                {
                    _text = new Operand(text, FoldedUtf8: TextFolding.Fold(text));
                }
                break;
            case QueryParameters.Sort:
                if (Single(name, values) is { } sort)
                {
                    AcceptSort(sort);
                }
                break;
            case QueryParameters.Fields:
                if (Single(name, values) is { } fields)
                {
                    AcceptFields(fields);
                }
                break;
            case QueryParameters.StartDate:
                _startDate = Single(name, values) is { } start ? ParseDateBound(name, start) : null;
                break;
            case QueryParameters.EndDate:
                _endDate = Single(name, values) is { } end ? ParseDateBound(name, end) : null;
                break;
            default:
                AcceptFilter(name, values);
                break;
        }
    }

    private QueryParseResult Finish()
    {
        AddDateRange();
        if (_issues.Count > 0)
        {
            return new QueryParseResult(null, _issues);
        }

        var sortIsDefault = !_sortGiven;
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
            Fields = _fieldsGiven ? _fields : _snapshot.Table.Columns,
            FieldsAreProjected = _fieldsGiven,
            Page = _page,
            PageSize = _pageSize,
            Stream = _stream,
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
            _issues.Add(ValidationIssue.Query(parameter, $"source '{_snapshot.Name}' has no time column, so it cannot be filtered by date", "value_error"));
            return;
        }
        if (_startDate is { } start && _endDate is { } end && start.Start > end.End)
        {
            _issues.Add(ValidationIssue.Query(QueryParameters.EndDate, $"end_date {end.Text} is before start_date {start.Text}", "value_error"));
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
        if (Loading.TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var start, out var dateOnly))
        {
            return (text, start, dateOnly ? start + TimeSpan.MillisecondsPerDay - 1 : start);
        }
        _issues.Add(ValidationIssue.Query(name, $"'{Truncate(text)}' is not a date; use YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z", "date_parsing"));
        return null;
    }

    private string? Single(string name, StringValues values)
    {
        if (values.Count > 1)
        {
            _issues.Add(ValidationIssue.Query(name, $"{name} is given {values.Count} times; give it once", "value_error"));
            return null;
        }
        var value = values.Count == 0 ? "" : values[0] ?? "";
        return CheckLength(name, value) ? value.Trim() : null;
    }

    private bool CheckLength(string name, string value)
    {
        if (value.Length <= QueryLimits.MaxValueLength)
        {
            return true;
        }
        _issues.Add(ValidationIssue.Query(name, $"ensure this value has at most {QueryLimits.MaxValueLength} characters", "string_too_long"));
        return false;
    }

    /// <summary>A NUL cannot occur in data text, and is the separator of the search index, so it is refused.</summary>
    private bool CheckText(string name, string text)
    {
        if (!text.Contains('\0'))
        {
            return true;
        }
        _issues.Add(ValidationIssue.Query(name, "text must not contain NUL characters", "value_error"));
        return false;
    }

    private int? ParseBoundedInt(string name, string text, int min, int max)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (text.Length > 0 && text.AsSpan().TrimStart('-').IndexOfAnyExceptInRange('0', '9') < 0)
            {
                // All digits but past a long: the bound is the helpful thing to say.
                value = text.StartsWith('-') ? long.MinValue : long.MaxValue;
                return CheckBounds(name, value, min, max);
            }
            _issues.Add(ValidationIssue.Query(name, $"'{Truncate(text)}' is not a valid integer", "int_parsing"));
            return null;
        }
        return CheckBounds(name, value, min, max);
    }

    private int? CheckBounds(string name, long value, int min, int max)
    {
        if (value < min)
        {
            _issues.Add(ValidationIssue.Query(name, $"ensure this value is greater than or equal to {min}", "value_error"));
            return null;
        }
        if (value > max)
        {
            _issues.Add(ValidationIssue.Query(name, $"ensure this value is less than or equal to {max}", "value_error"));
            return null;
        }
        return (int)value;
    }

    private bool? ParseBoolean(string name, string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                return true;
            case "false" or "0" or "no":
                return false;
            default:
                _issues.Add(ValidationIssue.Query(name, $"'{Truncate(text)}' is not a valid boolean; use true or false", "bool_parsing"));
                return null;
        }
    }

    private static string Truncate(string text) => TextClip.Clip(text, 40);
}

internal sealed record QueryParseResult(QuerySpec? Spec, IReadOnlyList<ValidationIssue> Issues);
