using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Query;

internal sealed partial class QueryParser
{
    private void AcceptSort(string text)
    {
        _sortGiven = true;
        var items = SplitList(text);
        foreach (var item in items)
        {
            var descending = item.StartsWith('-');
            var name = item.TrimStart('-', '+');
            if (name.Length > 0 && ResolveColumn(QueryParameters.Sort, name) is { } column)
            {
                _sort.Add(new SortKey(column, descending));
            }
        }
        if (items.All(i => i.TrimStart('-', '+').Length == 0))
        {
            _issues.Add(ValidationIssue.Query(QueryParameters.Sort, $"name at least one column, '-' before it for descending; valid: {ColumnList()}", "value_error"));
        }
    }

    private void AcceptFields(string text)
    {
        _fieldsGiven = true;
        foreach (var name in SplitList(text))
        {
            if (ResolveColumn(QueryParameters.Fields, name) is { } column && !_fields.Contains(column))
            {
                _fields.Add(column);
            }
        }
        if (_fields.Count == 0 && _issues.Count == 0)
        {
            _issues.Add(ValidationIssue.Query(QueryParameters.Fields, $"name at least one column; valid: {ColumnList()}", "value_error"));
        }
    }

    /// <summary><c>column=a,b</c> or <c>column__op=value</c>; a repeated equality parameter adds to the values.</summary>
    private void AcceptFilter(string parameter, StringValues values)
    {
        var (name, op) = SplitOperator(parameter);
        if (op is null)
        {
            return;
        }
        if (ResolveColumn(parameter, name, isFilter: true) is not { } column)
        {
            return;
        }
        var valid = OperatorNames.ValidFor(column.Type);
        if (!valid.Contains(op.Value))
        {
            _issues.Add(ValidationIssue.Query(parameter,
                $"operator '{OperatorNames.Suffix(op.Value)}' is not valid for {column.Name} ({OperatorNames.TypeName(column.Type)}); valid: {string.Join(", ", valid.Select(OperatorNames.Suffix))}",
                "value_error"));
            return;
        }

        var operands = new List<Operand>();
        foreach (var raw in values)
        {
            if (!CheckLength(parameter, raw ?? ""))
            {
                return;
            }
            // Text filters take the value whole (it may hold commas); every other operator takes a list.
            var items = op is FilterOperator.Contains or FilterOperator.StartsWith || !_splitValues
                ? ((raw ?? "").Trim() is { Length: > 0 } whole ? [whole] : [])
                : SplitList(raw ?? "");
            foreach (var item in items)
            {
                if (ParseOperand(parameter, column, op.Value, item) is not { } operand)
                {
                    return;
                }
                operands.Add(operand);
            }
        }
        if (operands.Count == 0 || operands.Count > QueryLimits.MaxOperands)
        {
            _issues.Add(ValidationIssue.Query(parameter, operands.Count == 0 ? "give a value" : $"give at most {QueryLimits.MaxOperands} values", "value_error"));
            return;
        }

        if (op is FilterOperator.In or FilterOperator.NotEqual)
        {
            _filters.Add(new Filter(parameter, column, op.Value, operands));
            return;
        }
        // Repeated range or text conditions must all hold: value__gt=1&value__gt=5 means above 5.
        foreach (var operand in operands)
        {
            _filters.Add(new Filter(parameter, column, op.Value, [operand]));
        }
    }

    private (string Name, FilterOperator? Op) SplitOperator(string parameter)
    {
        if (_snapshot.Table.Find(parameter) is not null)
        {
            return (parameter, FilterOperator.In);
        }
        var cut = parameter.LastIndexOf(OperatorNames.Separator, StringComparison.Ordinal);
        if (cut <= 0)
        {
            return (parameter, FilterOperator.In);
        }
        var suffix = parameter[(cut + OperatorNames.Separator.Length)..];
        if (OperatorNames.TryParse(suffix, out var op))
        {
            return (parameter[..cut], op);
        }
        _issues.Add(ValidationIssue.Query(parameter, $"unknown operator '{Truncate(suffix)}'; valid: {string.Join(", ", OperatorNames.Suffixes)}", "value_error"));
        return (parameter, null);
    }

    private Column? ResolveColumn(string parameter, string name, bool isFilter = false)
    {
        if (_snapshot.Table.Find(name) is { } column)
        {
            return column;
        }
        var what = isFilter ? "unknown parameter or column" : "unknown column";
        var extra = isFilter ? $"; parameters: {string.Join(", ", QueryParameters.All)}" : "";
        _issues.Add(ValidationIssue.Query(parameter, $"{what} '{Truncate(name)}' in source '{_snapshot.Name}'; columns: {ColumnList()}{extra}", isFilter ? "extra_forbidden" : "value_error"));
        return null;
    }

    private string ColumnList() => string.Join(", ", _snapshot.Table.Columns.Select(c => c.Name));

    private Operand? ParseOperand(string parameter, Column column, FilterOperator op, string text)
    {
        if (op == FilterOperator.IsNull)
        {
            return ParseBoolean(parameter, text) is { } isNull ? new Operand(text, isNull ? 1 : 0) : null;
        }
        switch (column.Type)
        {
            case ColumnType.Int64:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var int64))
                {
                    return new Operand(text, int64, int64, int64);
                }
                _issues.Add(ValidationIssue.Query(parameter, $"'{Truncate(text)}' is not a valid integer; {column.Name} holds whole numbers", "int_parsing"));
                return null;
            case ColumnType.Double:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return new Operand(text, Double: number);
                }
                _issues.Add(ValidationIssue.Query(parameter, $"'{Truncate(text)}' is not a valid number; {column.Name} holds numbers", "float_parsing"));
                return null;
            case ColumnType.Boolean:
                return ParseBoolean(parameter, text) is { } flag ? new Operand(text, flag ? 1 : 0) : null;
            case ColumnType.Timestamp:
                if (TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out var start, out var dateOnly))
                {
                    var spansDay = dateOnly && !((TimestampColumn)column).DateOnly;
                    return new Operand(text, start, spansDay ? start + TimeSpan.MillisecondsPerDay - 1 : start);
                }
                _issues.Add(ValidationIssue.Query(parameter, $"'{Truncate(text)}' is not a date; use YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z", "date_parsing"));
                return null;
            default:
                return CheckText(parameter, text) ? new Operand(text, FoldedUtf8: TextFolding.Fold(text)) : null;
        }
    }

    private static string[] SplitList(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
