using Udc.Engine.Query;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionParser
{
    /// <summary>
    /// "by status", "per priority", "for each region": group by that column; "by customer" with another source's
    /// noun: by the column that holds its id. "placed by Ada Lovelace" is a value, and "by" says nothing more.
    /// </summary>
    private bool ReadGroup()
    {
        for (var i = 0; i < _terms.Count; i++)
        {
            if (!_terms[i].Is(WordRole.Group))
            {
                continue;
            }
            var next = At(i + 1);
            if (next is { IsValue: true })
            {
                Use(i);
                continue;
            }
            if (next is not { } target || !(target.IsColumn || target.IsNoun) || _question.Group is not null)
            {
                return false;
            }
            _question.Group = new GroupAsk(target.Phrase!, target.IsNoun);
            Use(i, i + 1);
        }
        return true;
    }

    /// <summary>
    /// "total over 500", "quantity of at least 5", "amount between 100 and 200", "quantity 5": the column before the
    /// comparison (the amount when none is named: "orders over 500") and the number after it.
    /// </summary>
    private bool ReadComparisons()
    {
        for (var i = 0; i < _terms.Count; i++)
        {
            if (_used[i])
            {
                continue;
            }
            var term = _terms[i];
            if (term.Is(WordRole.Compare))
            {
                if (At(i + 1) is not { Kind: TermKind.Number } number)
                {
                    return false;
                }
                _question.Comparisons.Add(new Comparison(ColumnBefore(i), term.Word!.Operator, number.Token.Text));
                Use(i, i + 1);
            }
            else if (term.Is(WordRole.Between))
            {
                if (At(i + 1) is not { Kind: TermKind.Number } low || At(i + 2) is not { } and || !and.Is(WordRole.And) || At(i + 3) is not { Kind: TermKind.Number } high)
                {
                    return false;
                }
                var column = ColumnBefore(i);
                _question.Comparisons.Add(new Comparison(column, FilterOperator.GreaterThanOrEqual, low.Token.Text));
                _question.Comparisons.Add(new Comparison(column, FilterOperator.LessThanOrEqual, high.Token.Text));
                Use(i, i + 1, i + 2, i + 3);
            }
            else if (term.IsColumn && At(i + 1) is { Kind: TermKind.Number } equal)
            {
                _question.Comparisons.Add(new Comparison(ColumnRef.Of(term.Phrase!), FilterOperator.In, equal.Token.Text));
                Use(i, i + 1);
            }
        }
        return true;
    }

    /// <summary>The column named right before a comparison, taken; the amount when there is none.</summary>
    private ColumnRef ColumnBefore(int index)
    {
        if (At(index - 1) is { } before)
        {
            if (before.IsColumn)
            {
                Use(index - 1);
                return ColumnRef.Of(before.Phrase!);
            }
            if (before.Is(WordRole.Amount))
            {
                Use(index - 1);
            }
        }
        return new ColumnRef(ColumnHint.Amount);
    }
}
