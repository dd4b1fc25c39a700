using System.Globalization;
using System.Text;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Query;

internal sealed partial class QueryBinder
{
    private void BindSort(IReadOnlyList<string> items)
    {
        foreach (var item in items)
        {
            var descending = item.StartsWith('-');
            var name = item.Trim().TrimStart('-', '+');
            if (name.Length > 0 && ResolveColumn(QueryParameters.Sort, name) is { } column)
            {
                _sort.Add(new SortKey(column, descending));
            }
        }
        if (items.All(i => i.Trim().TrimStart('-', '+').Length == 0))
        {
            _issues.Add(_origin.Parameter(QueryParameters.Sort, $"name at least one column, '-' before it for descending; valid: {ColumnList()}", "value_error"));
        }
    }

    private void BindFields(IReadOnlyList<string> names)
    {
        var before = _issues.Count;
        foreach (var name in names)
        {
            if (ResolveColumn(QueryParameters.Fields, name.Trim()) is { } column && !_fields.Contains(column))
            {
                _fields.Add(column);
            }
        }
        if (_fields.Count == 0 && _issues.Count == before)
        {
            _issues.Add(_origin.Parameter(QueryParameters.Fields, $"name at least one column; valid: {ColumnList()}", "value_error"));
        }
    }

    /// <summary>A condition tree, its leaves bound like filters; a leaf with issues drops out (the issues are reported).</summary>
    private Condition? BindCondition(FilterNode node)
    {
        switch (node)
        {
            case FilterNode.All all:
                return new Condition.All([.. all.Items.Select(BindCondition).OfType<Condition>()]);
            case FilterNode.Any any:
                return new Condition.Any([.. any.Items.Select(BindCondition).OfType<Condition>()]);
            case FilterNode.Not not:
                return BindCondition(not.Item) is { } inner ? new Condition.Not(inner) : null;
            default:
                var filters = BindFilter(((FilterNode.Term)node).Filter);
                return filters.Count switch
                {
                    0 => null,
                    1 => new Condition.Leaf(filters[0]),
                    _ => new Condition.All([.. filters.Select(f => new Condition.Leaf(f))]),
                };
        }
    }

    /// <summary><c>column</c> with values (any of them) or <c>column__op</c> with its operand(s); none when it has issues.</summary>
    private List<Filter> BindFilter(FilterTerm term)
    {
        var key = term.Key;
        var (name, op) = SplitOperator(key);
        if (op is null || ResolveFilterColumn(key, name) is not { } column)
        {
            return [];
        }
        var valid = OperatorNames.ValidFor(column.Type);
        if (!valid.Contains(op.Value))
        {
            _issues.Add(_origin.Filter(key,
                $"operator '{OperatorNames.Suffix(op.Value)}' is not valid for {column.Name} ({OperatorNames.TypeName(column.Type)}); valid: {string.Join(", ", valid.Select(OperatorNames.Suffix))}",
                "value_error"));
            return [];
        }

        var operands = new List<Operand>();
        foreach (var raw in term.Values)
        {
            if (!CheckLength(_origin.Filter, key, raw))
            {
                return [];
            }
            if (raw.Trim() is not { Length: > 0 } item)
            {
                continue;
            }
            if (ParseOperand(_origin.Filter, key, column, op.Value, item) is not { } operand)
            {
                return [];
            }
            operands.Add(operand);
        }
        if (operands.Count == 0 || operands.Count > QueryLimits.MaxOperands)
        {
            _issues.Add(_origin.Filter(key, operands.Count == 0 ? "give a value" : $"give at most {QueryLimits.MaxOperands} values", "value_error"));
            return [];
        }

        if (op is FilterOperator.In or FilterOperator.NotEqual)
        {
            return [new Filter(key, column, op.Value, operands)];
        }
        // Repeated range or text conditions must all hold: value__gt=1&value__gt=5 means above 5.
        return [.. operands.Select(operand => new Filter(key, column, op.Value, [operand]))];
    }

    private (string Name, FilterOperator? Op) SplitOperator(string key)
    {
        if (_snapshot.Table.Find(key) is not null)
        {
            return (key, FilterOperator.In);
        }
        var cut = key.LastIndexOf(OperatorNames.Separator, StringComparison.Ordinal);
        if (cut <= 0)
        {
            return (key, FilterOperator.In);
        }
        var suffix = key[(cut + OperatorNames.Separator.Length)..];
        if (OperatorNames.TryParse(suffix, out var op))
        {
            return (key[..cut], op);
        }
        _issues.Add(_origin.Filter(key, $"unknown operator '{Truncate(suffix)}'; valid: {string.Join(", ", OperatorNames.Suffixes)}", "value_error"));
        return (key, null);
    }

    private Column? ResolveColumn(string parameter, string name)
    {
        if (_snapshot.Table.Find(name) is { } column)
        {
            return column;
        }
        _issues.Add(_origin.Parameter(parameter, $"unknown column '{Truncate(name)}' in source '{_snapshot.Name}'; columns: {ColumnList()}", "value_error"));
        return null;
    }

    private Column? ResolveFilterColumn(string key, string name)
    {
        if (_snapshot.Table.Find(name) is { } column)
        {
            return column;
        }
        var (what, extra) = _origin.OtherParameters.Count > 0
            ? ("unknown parameter or column", $"; parameters: {string.Join(", ", _origin.OtherParameters)}")
            : ("unknown column", "");
        _issues.Add(_origin.Filter(key, $"{what} '{Truncate(name)}' in source '{_snapshot.Name}'; columns: {ColumnList()}{extra}", "extra_forbidden"));
        return null;
    }

    private string ColumnList() => string.Join(", ", _snapshot.Table.Columns.Select(c => c.Name));

    private Operand? ParseOperand(Func<string, string, string, ValidationIssue> at, string parameter, Column column, FilterOperator op, string text)
    {
        if (op == FilterOperator.IsNull)
        {
            return ParseBoolean(at, parameter, text) is { } isNull ? new Operand(text, isNull ? 1 : 0) : null;
        }
        switch (column.Type)
        {
            case ColumnType.Int64:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var int64))
                {
                    return new Operand(text, int64, int64, int64);
                }
                _issues.Add(at(parameter, $"'{Truncate(text)}' is not a valid integer; {column.Name} holds whole numbers", "int_parsing"));
                return null;
            case ColumnType.Double:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return new Operand(text, Double: number);
                }
                _issues.Add(at(parameter, $"'{Truncate(text)}' is not a valid number; {column.Name} holds numbers", "float_parsing"));
                return null;
            case ColumnType.Boolean:
                return ParseBoolean(at, parameter, text) is { } flag ? new Operand(text, flag ? 1 : 0) : null;
            case ColumnType.Timestamp:
                if (TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out var start, out var dateOnly))
                {
                    var spansDay = dateOnly && !((TimestampColumn)column).DateOnly;
                    return new Operand(text, start, spansDay ? start + TimeSpan.MillisecondsPerDay - 1 : start);
                }
                _issues.Add(at(parameter, $"'{Truncate(text)}' is not a date; use YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z", "date_parsing"));
                return null;
            default:
                return CheckText(at, parameter, text) ? new Operand(text, FoldedUtf8: TextFolding.Fold(text)) : null;
        }
    }
}
