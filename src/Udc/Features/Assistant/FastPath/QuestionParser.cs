namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Reads the terms of a question into a <see cref="Question"/>: each reader takes the terms of one kind of phrase
/// (groups, comparisons, metrics and superlatives, rows, conditions) and marks them used; what is left must be
/// nouns, a record, loose column words or harmless words. A term no reader can place ("or" between a value and a
/// number, a dangling "not") and the question is not claimed.
/// </summary>
internal sealed partial class QuestionParser
{
    private readonly List<Term> _terms;
    private readonly bool[] _used;
    private readonly Question _question;

    private QuestionParser(List<Term> terms, DatePeriod? period)
    {
        _terms = terms;
        _used = new bool[terms.Count];
        _question = new Question { Period = period };
    }

    public static Question? Parse(List<Term> terms, DatePeriod? period)
    {
        var parser = new QuestionParser(terms, period);
        if (parser.ReadMeta() is { } isMeta)
        {
            return isMeta ? parser._question : null;
        }
        return parser.ReadGroup() && parser.ReadComparisons() && parser.ReadMetrics() && parser.ReadRows() && parser.ReadConditions() && parser.ReadRest()
            ? parser._question
            : null;
    }

    /// <summary>Whatever no reader took: nouns, one record, column words, counts; anything else is not understood.</summary>
    private bool ReadRest()
    {
        for (var i = 0; i < _terms.Count; i++)
        {
            if (_used[i])
            {
                continue;
            }
            var term = _terms[i];
            switch (term.Kind)
            {
                case TermKind.Reference when _question.Reference is null:
                    _question.Reference = term;
                    break;
                case TermKind.Catalog when term.IsNoun:
                    _question.Nouns.Add(term.Phrase!);
                    break;
                case TermKind.Catalog when term.IsColumn:
                    _question.Columns.Add(term.Phrase!);
                    break;
                case TermKind.Function when term.Word!.Role is WordRole.Count or WordRole.Total:
                    _question.Count = true;
                    break;
                case TermKind.Function when term.Word!.Role == WordRole.Amount:
                    _question.Fields.Add(new ColumnRef(ColumnHint.Amount));
                    break;
                case TermKind.Function when term.Word!.Role is WordRole.Which or WordRole.And or WordRole.Data:
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private Term? At(int index) => index >= 0 && index < _terms.Count && !_used[index] ? _terms[index] : null;

    private void Use(params ReadOnlySpan<int> indexes)
    {
        foreach (var index in indexes)
        {
            _used[index] = true;
        }
    }

    /// <summary>The index of the noun at <paramref name="index"/> or after adjectives there ("shipped orders", "unpaid invoices"), else -1.</summary>
    private int NounAfterAdjectives(int index)
    {
        while (At(index) is { IsAdjective: true })
        {
            index++;
        }
        return At(index) is { IsNoun: true } ? index : -1;
    }

    /// <summary>The nearest unused term before <paramref name="index"/> that names a column or another source, for "which X has the most".</summary>
    private int FindGroupBefore(int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (At(i) is { } term && (term.IsColumn || term.IsNoun))
            {
                return i;
            }
        }
        return -1;
    }
}
