namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionParser
{
    /// <summary>
    /// Values and what is said of them: "shipped or returned" (any of them), "not shipped or returned" (none of
    /// them), "open high priority" (both, of different columns), "aren't paid" (a boolean column false), "with no
    /// region" (an empty column). Two values of one column joined by anything but "or" ("open closed tickets",
    /// "shipped and returned") could mean either, and are not claimed.
    /// </summary>
    private bool ReadConditions()
    {
        for (var i = 0; i < _terms.Count; i++)
        {
            if (_used[i])
            {
                continue;
            }
            var term = _terms[i];
            if (term.Is(WordRole.Not) || term.Is(WordRole.Without))
            {
                var negation = term.Is(WordRole.Not);
                if (negation && At(i + 1) is { IsValue: true })
                {
                    Use(i);
                    if (!ReadValues(i + 1, negated: true))
                    {
                        return false;
                    }
                }
                else if (At(i + 1) is { IsColumn: true } column)
                {
                    _question.Conditions.Add(new Condition(negation ? ConditionKind.False : ConditionKind.Missing, [column.Phrase!]));
                    Use(i, i + 1);
                }
                else
                {
                    return false;
                }
            }
            else if (term.IsValue && !ReadValues(i, negated: false))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A run of values of one column: "shipped or returned", "north, south or east".</summary>
    private bool ReadValues(int start, bool negated)
    {
        var phrases = new List<LexiconPhrase> { _terms[start].Phrase! };
        Use(start);
        var k = start + 1;
        var joinedByOr = false;
        while (true)
        {
            if (At(k) is { } or && or.Is(WordRole.Or) && At(k + 1) is { IsValue: true } alternative)
            {
                phrases.Add(alternative.Phrase!);
                Use(k, k + 1);
                k += 2;
                joinedByOr = true;
            }
            else if (At(k) is { IsValue: true } listed && SharesColumn(phrases[0], listed.Phrase!))
            {
                phrases.Add(listed.Phrase!);
                Use(k);
                k++;
            }
            else
            {
                break;
            }
        }
        if (phrases.Count > 1 && (!joinedByOr || phrases.Skip(1).Any(p => !SharesColumn(phrases[0], p))))
        {
            return false;
        }
        if (At(k) is { } and && and.Is(WordRole.And) && At(k + 1) is { IsValue: true } other && SharesColumn(phrases[0], other.Phrase!))
        {
            return false;
        }
        _question.Conditions.Add(new Condition(negated ? ConditionKind.NoneOf : ConditionKind.AnyOf, phrases));
        return true;
    }

    /// <summary>True when both phrases are values of one column of one source.</summary>
    private static bool SharesColumn(LexiconPhrase a, LexiconPhrase b) =>
        a.Entries.Exists(x => x.Kind == EntryKind.Value && b.Entries.Exists(y => y.Kind == EntryKind.Value && y.Snapshot == x.Snapshot && y.Column == x.Column));
}
