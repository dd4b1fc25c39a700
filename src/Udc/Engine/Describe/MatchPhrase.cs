using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Engine.Describe;

/// <summary>
/// A query's filters in words around the source's noun: "open high priority tickets for customer 12
/// from March 1 to March 7, 2024". Status-like values read as adjectives, ids as "for customer 12", anything
/// else as a "where" clause.
/// </summary>
internal sealed class MatchPhrase
{
    private static readonly HashSet<string> s_adjectiveColumns = new(StringComparer.Ordinal) { "status", "state", "stage", "metric" };
    private static readonly HashSet<string> s_labelColumns = new(StringComparer.Ordinal) { "priority", "severity", "tier", "level", "plan", "category", "type" };

    private readonly List<string> _adjectives = [];
    private readonly List<string> _qualifiers = [];

    public MatchPhrase(SourceSnapshot snapshot, QuerySpec spec)
    {
        foreach (var filter in spec.Filters)
        {
            if (filter.Parameter is QueryParameters.StartDate or QueryParameters.EndDate)
            {
                continue;
            }
            Describe(filter, filter.Column == snapshot.IdColumn);
        }
        if (spec.DateRange is { } range)
        {
            _qualifiers.Add(range switch
            {
                { Start: { } start, End: { } end } when start == end => $"on {Spoken.Operand(start)}",
                { Start: { } start, End: { } end } => $"from {Spoken.Operand(start)} to {Spoken.Operand(end)}",
                { Start: { } start } => $"since {Spoken.Operand(start)}",
                { End: { } end } => $"until {Spoken.Operand(end)}",
                _ => "",
            });
        }
        if (spec.Text is { } text)
        {
            _qualifiers.Add($"matching \"{SpokenText.Safe(text.Text)}\"");
        }
        Noun = snapshot.Noun;
    }

    public Noun Noun { get; }

    /// <summary>"open high priority tickets for customer 12" for a count of more than one.</summary>
    public string For(long count)
    {
        var parts = new List<string>(_adjectives) { Noun.For(count) };
        var where = false;
        foreach (var qualifier in _qualifiers)
        {
            // "where quantity is at least 3 and quantity is at most 5", not "where … where …".
            var isWhere = qualifier.StartsWith("where ", StringComparison.Ordinal);
            parts.Add(isWhere && where ? string.Concat("and ", qualifier.AsSpan(6)) : qualifier);
            where |= isWhere;
        }
        return string.Join(' ', parts);
    }

    private void Describe(Filter filter, bool isIdColumn)
    {
        var column = filter.Column;
        var values = Spoken.JoinAlternatives(filter.Operands.Select(o => Spoken.Operand(o.Text)));
        var name = Spoken.Words(column.Name);
        switch (filter.Operator)
        {
            case FilterOperator.In when column.Type == ColumnType.String && s_adjectiveColumns.Contains(column.Name):
                _adjectives.Add(values);
                break;
            case FilterOperator.In when column.Type == ColumnType.String && s_labelColumns.Contains(column.Name):
                _adjectives.Add($"{values} {name}");
                break;
            case FilterOperator.In when isIdColumn:
                _qualifiers.Add($"with id {values}");
                break;
            case FilterOperator.In when column.Name.EndsWith("_id", StringComparison.Ordinal):
                _qualifiers.Add($"for {Spoken.Words(column.Name[..^3])} {values}");
                break;
            case FilterOperator.In:
                _qualifiers.Add($"where {name} is {values}");
                break;
            case FilterOperator.NotEqual:
                _qualifiers.Add($"where {name} is not {values}");
                break;
            case FilterOperator.GreaterThan:
                _qualifiers.Add($"where {name} is {(column.Type == ColumnType.Timestamp ? "after" : "above")} {values}");
                break;
            case FilterOperator.GreaterThanOrEqual:
                _qualifiers.Add($"where {name} is {(column.Type == ColumnType.Timestamp ? "on or after" : "at least")} {values}");
                break;
            case FilterOperator.LessThan:
                _qualifiers.Add($"where {name} is {(column.Type == ColumnType.Timestamp ? "before" : "below")} {values}");
                break;
            case FilterOperator.LessThanOrEqual:
                _qualifiers.Add($"where {name} is {(column.Type == ColumnType.Timestamp ? "on or before" : "at most")} {values}");
                break;
            case FilterOperator.Contains:
                _qualifiers.Add($"where {name} contains \"{filter.Operands[0].Text}\"");
                break;
            case FilterOperator.StartsWith:
                _qualifiers.Add($"where {name} starts with \"{filter.Operands[0].Text}\"");
                break;
            case FilterOperator.IsNull:
                _qualifiers.Add(filter.Operands[0].Int64 == 1 ? $"with no {name}" : $"with a {name}");
                break;
        }
    }
}
