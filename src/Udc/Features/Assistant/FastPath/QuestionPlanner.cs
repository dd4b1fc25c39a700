using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Binds a read <see cref="Question"/> to one source and makes the typed request a model's tool call would have
/// become. Every part must bind: a value of another source, a column the source lacks, two intents that make two
/// questions ("how many orders and their average total"), and the question is not claimed.
/// </summary>
internal sealed partial class QuestionPlanner
{
    private readonly Question _question;
    private readonly SourceSnapshot _source;
    private readonly List<(Column Column, FilterTerm Term, bool IsCondition)> _filters = [];
    private readonly List<Column> _fields = [];
    private Column? _measure;

    private QuestionPlanner(Question question, SourceSnapshot source)
    {
        _question = question;
        _source = source;
    }

    public static FastPathPlan? Plan(Question question, ToolSet set)
    {
        if (question.Meta is { } meta)
        {
            return question.Period is null ? PlanMeta(meta, set) : null;
        }
        if (ChooseSource(question) is not { } choice)
        {
            return null;
        }
        var (source, isRecord) = choice;
        var planner = new QuestionPlanner(question, source);
        return isRecord ? planner.PlanRecord() : planner.PlanRows();
    }

    /// <summary>
    /// The source: the record's, the one noun's, or the one every value and column word belongs to. A record and a
    /// noun of another source ("tickets from customer 12") make the noun's source, filtered by the record's id.
    /// </summary>
    private static (SourceSnapshot Source, bool IsRecord)? ChooseSource(Question question)
    {
        var nouns = new List<SourceSnapshot>();
        foreach (var noun in question.Nouns)
        {
            if (noun.Sources.ToList() is not [var single])
            {
                return null;
            }
            if (!nouns.Contains(single))
            {
                nouns.Add(single);
            }
        }
        if (question.Reference is { Source: { } referenced })
        {
            return nouns.Count == 0 || nouns is [var same] && same == referenced ? (referenced, true)
                : nouns.Count == 1 ? (nouns[0], false)
                : null;
        }
        if (nouns.Count > 0)
        {
            return nouns.Count == 1 ? (nouns[0], false) : null;
        }
        HashSet<SourceSnapshot>? common = null;
        foreach (var phrase in Constraints(question))
        {
            if (common is null)
            {
                common = [.. phrase.Sources];
            }
            else
            {
                common.IntersectWith(phrase.Sources);
            }
        }
        return common is { Count: 1 } ? (common.First(), false) : null;
    }

    /// <summary>Every catalog phrase of the question that names a column or value, each of which the source must have.</summary>
    private static IEnumerable<LexiconPhrase> Constraints(Question question)
    {
        foreach (var condition in question.Conditions)
        {
            foreach (var phrase in condition.Phrases)
            {
                yield return phrase;
            }
        }
        IEnumerable<ColumnRef> named = [.. question.Comparisons.Select(c => c.Column), .. question.Fields];
        if (question.Metric is { } metric)
        {
            named = named.Append(metric.Target);
        }
        if (question.Rank?.By is { } by)
        {
            named = named.Append(by.Target);
        }
        if (question.Row is { } row)
        {
            named = named.Append(row.SortBy);
        }
        foreach (var reference in named)
        {
            if (reference.Phrase is { } phrase)
            {
                yield return phrase;
            }
        }
        if (question.Group is { IsNoun: false } group)
        {
            yield return group.Phrase;
        }
        foreach (var column in question.Columns)
        {
            yield return column;
        }
    }

    /// <summary>The column a reference means in this source; null when it has none or more than one.</summary>
    private Column? Bind(ColumnRef reference) => reference.Hint switch
    {
        ColumnHint.Named => reference.Phrase!.In(_source, EntryKind.Column)?.Column,
        ColumnHint.Amount => ColumnRoles.Amount(_source),
        ColumnHint.Name => ColumnRoles.Name(_source),
        ColumnHint.Time => _source.TimeColumn,
        _ => _measure ?? ColumnRoles.Measure(_source, _filters.Select(f => f.Column)),
    };

    /// <summary>
    /// The column of <paramref name="source"/> that holds the id of <paramref name="other"/>'s records:
    /// <c>{noun}_id</c>, else a column named like the other's id column.
    /// </summary>
    private static Column? ForeignKey(SourceSnapshot source, SourceSnapshot other)
    {
        var column = source.Table.Find(other.Noun.Singular + "_id") ?? (other.IdColumn is { } id ? source.Table.Find(id.Name) : null);
        return column is { Type: ColumnType.Int64 or ColumnType.String } && column != source.IdColumn ? column : null;
    }

    private DataRequest Request(int pageSize, IReadOnlyList<string>? sort = null) => new()
    {
        Filters = [.. _filters.Select(f => f.Term)],
        StartDate = _question.Period?.StartDate,
        EndDate = _question.Period?.EndDate,
        Sort = sort,
        PageSize = pageSize,
    };

    private FastPathPlan Plan(FastPathKind kind, string tool) => new(kind, tool) { Snapshot = _source, Period = _question.Period };
}
