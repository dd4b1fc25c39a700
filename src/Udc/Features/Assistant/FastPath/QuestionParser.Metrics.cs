using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionParser
{
    /// <summary>
    /// Metrics and superlatives: "average total", "total quantity", "average order value" (a metric over a column);
    /// "largest order" and "order with the highest quantity" (a row); "highest total of orders" (a metric); "which
    /// customer has the most orders" and "which region has the highest total quantity" (a group's rank).
    /// </summary>
    private bool ReadMetrics()
    {
        for (var i = 0; i < _terms.Count; i++)
        {
            if (_used[i] || _terms[i].Kind != TermKind.Function)
            {
                continue;
            }
            var ok = _terms[i].Word!.Role switch
            {
                WordRole.Average => ReadMetric(i, MetricKind.Avg),
                WordRole.Sum => ReadMetric(i, MetricKind.Sum),
                // "total quantity" is a sum; "total orders" a count, left for the rest.
                WordRole.Total => TargetAt(i + 1) is null || ReadMetric(i, MetricKind.Sum),
                WordRole.Highest => ReadSuperlative(i, highest: true),
                WordRole.Lowest => ReadSuperlative(i, highest: false),
                WordRole.Most => ReadRankByCount(i, most: true),
                WordRole.Fewest => ReadRankByCount(i, most: false),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private bool ReadMetric(int index, MetricKind kind)
    {
        if (_question.Metric is not null || TargetAt(index + 1) is not { } found)
        {
            return false;
        }
        var (target, taken) = found;
        _question.Metric = new MetricAsk(kind, target, _terms[index].Word!.Text);
        Use(index);
        if (taken >= 0)
        {
            Use(taken);
        }
        return true;
    }

    private bool ReadSuperlative(int index, bool highest)
    {
        var word = _terms[index].Word!.Text;
        var kind = highest ? MetricKind.Max : MetricKind.Min;
        if (_question.Row is not null || _question.Rank is not null || At(index + 1) is not { } next)
        {
            return false;
        }
        if (next.Kind == TermKind.Function && next.Word!.Role is WordRole.Average or WordRole.Sum or WordRole.Total)
        {
            // "which region has the highest total quantity": the group before, ranked by a metric.
            var metricKind = next.Word.Role == WordRole.Average ? MetricKind.Avg : MetricKind.Sum;
            if (TargetAt(index + 2) is not { } found || FindGroupBefore(index) is not (>= 0 and var group) || _question.Group is not null)
            {
                return false;
            }
            var (target, taken) = found;
            _question.Rank = new RankAsk(highest, new MetricAsk(metricKind, target, next.Word.Text), word);
            _question.Group = new GroupAsk(_terms[group].Phrase!, _terms[group].IsNoun);
            Use(index, index + 1, group);
            if (taken >= 0)
            {
                Use(taken);
            }
            return true;
        }
        if (NounAfterAdjectives(index + 1) is >= 0 and var noun)
        {
            // "highest order total" is a value; "largest (shipped) order" the row with the largest amount.
            if (noun == index + 1 && ColumnAt(noun + 1) is { } after)
            {
                return SetMetric(new MetricAsk(kind, after, word), index, noun + 1);
            }
            _question.Row = new RowAsk(new ColumnRef(ColumnHint.Amount), highest, word);
            Use(index);
            return true;
        }
        if (ColumnAt(index + 1) is { } column)
        {
            // "order with the highest quantity" is a row; "highest quantity of orders" a value.
            if (HasNounBefore(index))
            {
                _question.Row = new RowAsk(column, highest, word);
                Use(index, index + 1);
                return true;
            }
            return SetMetric(new MetricAsk(kind, column, word), index, index + 1);
        }
        return next.IsValue && SetMetric(new MetricAsk(kind, new ColumnRef(ColumnHint.Measure), word), index);
    }

    /// <summary>"which customer has the most orders", "region with the fewest unpaid invoices": the group before, ranked by count.</summary>
    private bool ReadRankByCount(int index, bool most)
    {
        if (NounAfterAdjectives(index + 1) < 0 || FindGroupBefore(index) is not (>= 0 and var group) || _question.Group is not null || _question.Rank is not null)
        {
            return false;
        }
        _question.Rank = new RankAsk(most, null, _terms[index].Word!.Text);
        _question.Group = new GroupAsk(_terms[group].Phrase!, _terms[group].IsNoun);
        Use(index, group);
        return true;
    }

    private bool SetMetric(MetricAsk metric, params ReadOnlySpan<int> taken)
    {
        if (_question.Metric is not null)
        {
            return false;
        }
        _question.Metric = metric;
        Use(taken);
        return true;
    }

    /// <summary>
    /// What a metric word is about, and the term it takes (-1 for none): a column, the amount ("value"), a time
    /// series' measure before one of its values ("average daily active users", the value staying a condition), or
    /// any of these after the source's noun ("average order value").
    /// </summary>
    private (ColumnRef Target, int Taken)? TargetAt(int index)
    {
        if (At(index) is not { } term)
        {
            return null;
        }
        if (ColumnAt(index) is { } column)
        {
            return (column, index);
        }
        if (term.IsValue)
        {
            return (new ColumnRef(ColumnHint.Measure), -1);
        }
        if (term.IsNoun && ColumnAt(index + 1) is { } after)
        {
            return (after, index + 1);
        }
        return null;
    }

    /// <summary>The column the term at <paramref name="index"/> names, or the amount for "value", "worth", "amount"; else null.</summary>
    private ColumnRef? ColumnAt(int index) => At(index) switch
    {
        { IsColumn: true } term => ColumnRef.Of(term.Phrase!),
        { } term when term.Is(WordRole.Amount) => new ColumnRef(ColumnHint.Amount),
        _ => null,
    };

    private bool HasNounBefore(int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (At(i) is { IsNoun: true })
            {
                return true;
            }
        }
        return false;
    }
}
