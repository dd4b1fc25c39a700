using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionPlanner
{
    /// <summary>
    /// The question's conditions and comparisons as filters, in the source's column order, so "high priority tickets
    /// with status open" and "open high priority tickets" make the same call and are read back the same way.
    /// </summary>
    private bool BindFilters()
    {
        foreach (var condition in _question.Conditions)
        {
            if (!BindCondition(condition))
            {
                return false;
            }
        }
        foreach (var comparison in _question.Comparisons)
        {
            if (Bind(comparison.Column) is not { } column || !ColumnRoles.IsNumeric(column))
            {
                return false;
            }
            var key = comparison.Operator == FilterOperator.In ? column.Name : $"{column.Name}{OperatorNames.Separator}{OperatorNames.Suffix(comparison.Operator)}";
            _filters.Add((column, new FilterTerm(key, comparison.Value), false));
        }
        if (_question.Reference is { Source: { } other, Token: var id })
        {
            if (ForeignKey(_source, other) is not { } foreignKey)
            {
                return false;
            }
            _filters.Add((foreignKey, new FilterTerm(foreignKey.Name, id.Text), true));
        }
        return BindLooseColumns() && Distinct();
    }

    private bool BindCondition(Condition condition)
    {
        if (condition.Kind is ConditionKind.AnyOf or ConditionKind.NoneOf)
        {
            var entries = condition.Phrases.Select(p => p.In(_source, EntryKind.Value)).ToList();
            if (entries.Any(e => e is null) || entries.Select(e => e!.Column).Distinct().Count() != 1)
            {
                return false;
            }
            var column = entries[0]!.Column!;
            var values = entries.Select(e => e!.Value!).Distinct().ToList();
            // "orders not shipped" cannot say whether an order without a status counts, and a filter with ne never
            // matches null: with nulls in the column the question goes to a model rather than get half an answer.
            if (condition.Kind == ConditionKind.NoneOf && column.Nulls.HasNulls)
            {
                return false;
            }
            var key = condition.Kind == ConditionKind.AnyOf ? column.Name : $"{column.Name}{OperatorNames.Separator}{OperatorNames.Suffix(FilterOperator.NotEqual)}";
            _filters.Add((column, new FilterTerm(key, values), true));
            return true;
        }
        if (condition.Phrases[0].In(_source, EntryKind.Column) is not { Column: { } named } entry)
        {
            return false;
        }
        if (condition.Kind == ConditionKind.Missing)
        {
            _filters.Add((named, new FilterTerm($"{named.Name}{OperatorNames.Separator}{OperatorNames.Suffix(FilterOperator.IsNull)}", "true"), true));
            return true;
        }
        return AddBoolean(named, (condition.Kind == ConditionKind.True) != entry.Negated);
    }

    /// <summary>"paid invoices", "unpaid invoices", "invoices that aren't paid".</summary>
    private bool AddBoolean(Column column, bool value)
    {
        // As with ne: "not paid" would silently leave out invoices whose paid is empty.
        if (column.Type != ColumnType.Boolean || !value && column.Nulls.HasNulls)
        {
            return false;
        }
        _filters.Add((column, new FilterTerm(column.Name, value ? "true" : "false"), true));
        return true;
    }

    /// <summary>
    /// Column words no other part took: the column of a value is that value's ("high priority"), a boolean column is
    /// a condition ("paid invoices"), the time column under a date is the date's column ("orders ordered in March"),
    /// a number column of a time series its measure ("cold store temperature"), and any other the field asked of a
    /// row ("its region").
    /// </summary>
    private bool BindLooseColumns()
    {
        foreach (var phrase in _question.Columns)
        {
            if (phrase.In(_source, EntryKind.Column) is not { Column: { } column } entry)
            {
                return false;
            }
            if (_filters.Exists(f => f.IsCondition && f.Column == column))
            {
                // "high priority", "status open": the column of a value the question gives.
                continue;
            }
            if (column.Type == ColumnType.Boolean)
            {
                if (!AddBoolean(column, !entry.Negated))
                {
                    return false;
                }
            }
            else if (_question.Period is not null && column == _source.TimeColumn)
            {
                continue;
            }
            else if (_question.Row is not null)
            {
                _fields.Add(column);
            }
            else if (_source.DataType == Engine.Catalog.DataType.TimeSeries && ColumnRoles.IsNumeric(column) && _measure is null)
            {
                _measure = column;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>One condition per column; comparisons may bound a column twice ("between 100 and 200").</summary>
    private bool Distinct()
    {
        var conditions = _filters.Where(f => f.IsCondition).Select(f => f.Column).ToList();
        if (conditions.Count != conditions.Distinct().Count())
        {
            return false;
        }
        var columns = _source.Table.Columns;
        var ordered = _filters.OrderBy(f => IndexOf(columns, f.Column)).ToList();
        _filters.Clear();
        _filters.AddRange(ordered);
        return true;
    }

    private static int IndexOf(IReadOnlyList<Column> columns, Column column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == column)
            {
                return i;
            }
        }
        return -1;
    }
}
