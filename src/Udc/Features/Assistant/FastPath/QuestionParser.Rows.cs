namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionParser
{
    /// <summary>"newest 3 orders" says at most this many rows aloud; more is a list for a screen, not a sentence.</summary>
    public const int MaxNewestRows = 5;

    /// <summary>
    /// "newest order", "most recent invoice", "first order", "latest 3 orders": rows in time order. "who", "when",
    /// "how much": the name, time or amount column of the row or record the question is about.
    /// </summary>
    private bool ReadRows()
    {
        for (var i = 0; i < _terms.Count; i++)
        {
            if (_used[i] || _terms[i].Kind != TermKind.Function)
            {
                continue;
            }
            var word = _terms[i].Word!;
            switch (word.Role)
            {
                case WordRole.Newest or WordRole.Oldest:
                    if (_question.Row is not null)
                    {
                        return false;
                    }
                    var count = 1;
                    if (At(i + 1) is { Kind: TermKind.Number, Token: { IsWhole: true, Number: >= 1 and <= MaxNewestRows } number } && NounAfterAdjectives(i + 2) >= 0)
                    {
                        count = (int)number.Number;
                        Use(i + 1);
                    }
                    _question.Row = new RowAsk(new ColumnRef(ColumnHint.Time), word.Role == WordRole.Newest, word.Text, count);
                    Use(i);
                    break;
                case WordRole.Who or WordRole.When or WordRole.HowMuch:
                    _question.Fields.Add(new ColumnRef(word.Role switch
                    {
                        WordRole.Who => ColumnHint.Name,
                        WordRole.When => ColumnHint.Time,
                        _ => ColumnHint.Amount,
                    }));
                    Use(i);
                    break;
            }
        }
        return true;
    }
}
