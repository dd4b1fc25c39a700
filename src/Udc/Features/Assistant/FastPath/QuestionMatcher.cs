using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Reads a tokenized question against the lexicon and decides whether the fast path is sure of it. Every token
/// must be accounted for, every value must belong to the one source the question is about, and no column may
/// be named twice; anything else is not claimed and goes to the model.
/// </summary>
internal static class QuestionMatcher
{
    public static FastPathPlan? Match(List<QuestionToken> tokens, Lexicon lexicon)
    {
        var consumed = new bool[tokens.Count];
        if (!ReadDates(tokens, consumed, out var start, out var end))
        {
            return null;
        }
        var nouns = new List<SourceSnapshot>();
        var values = new List<LexiconPhrase>();
        var columnWords = new List<string>();
        (SourceSnapshot Snapshot, QuestionToken Id)? idRef = null;
        var count = false;

        for (var i = 0; i < tokens.Count;)
        {
            if (consumed[i])
            {
                i++;
                continue;
            }
            var token = tokens[i];
            if (token.Kind != TokenKind.Word)
            {
                return null;
            }
            if (lexicon.Match(tokens, i) is { } phrase && !Overlaps(consumed, i, phrase.Words.Length))
            {
                var next = i + phrase.Words.Length;
                var isNoun = phrase.Entries.All(e => e.IsNoun);
                var isValue = phrase.Entries.All(e => !e.IsNoun);
                if (isNoun)
                {
                    var snapshots = phrase.Entries.Select(e => e.Snapshot).Distinct().ToList();
                    if (snapshots.Count != 1)
                    {
                        return null;
                    }
                    if (ReadId(tokens, consumed, next) is { } id)
                    {
                        if (idRef is not null)
                        {
                            return null;
                        }
                        idRef = (snapshots[0], tokens[id]);
                        i = id + 1;
                        continue;
                    }
                    nouns.Add(snapshots[0]);
                }
                else if (isValue)
                {
                    values.Add(phrase);
                }
                else
                {
                    return null;
                }
                i = next;
                continue;
            }
            var word = token.Text;
            if (lexicon.ColumnWords.ContainsKey(word))
            {
                columnWords.Add(word);
            }
            else if (FastPathWords.IsCountWord(word))
            {
                count = true;
            }
            else if (!FastPathWords.IsFiller(word))
            {
                return null;
            }
            i++;
        }

        var dated = start is not null || end is not null;
        var otherNouns = nouns.Distinct().ToList();
        if (idRef is { } reference)
        {
            if (otherNouns.Count == 0 || otherNouns.Count == 1 && otherNouns[0] == reference.Snapshot)
            {
                return values.Count > 0 || dated || count ? null : RecordPlan(reference.Snapshot, reference.Id, columnWords);
            }
            if (otherNouns.Count != 1)
            {
                return null;
            }
            // "tickets from customer 12": the other source holds the referenced source's id.
            var target = otherNouns[0];
            var foreignKey = target.Table.Find(reference.Snapshot.Noun.Singular + "_id") ?? (reference.Snapshot.IdColumn is { } idColumn ? target.Table.Find(idColumn.Name) : null);
            if (foreignKey is not { Type: ColumnType.Int64 or ColumnType.String })
            {
                return null;
            }
            return FilterPlan(target, values, columnWords, (foreignKey, reference.Id), start, end, count);
        }
        if (otherNouns.Count > 1)
        {
            return null;
        }
        var source = otherNouns.Count == 1 ? otherNouns[0] : CommonSource(values);
        return source is null ? null : FilterPlan(source, values, columnWords, null, start, end, count);
    }

    private static FastPathPlan? RecordPlan(SourceSnapshot snapshot, QuestionToken id, List<string> columnWords)
    {
        if (snapshot.IdColumn is null || columnWords.Count > 1)
        {
            return null;
        }
        Column? field = null;
        if (columnWords.Count == 1 && (field = snapshot.Table.Find(columnWords[0])) is null)
        {
            return null;
        }
        return new FastPathPlan(field is null ? FastPathKind.Record : FastPathKind.Field, snapshot, ToolNames.GetRecord, DataRequest.Empty, id.Text, field);
    }

    private static FastPathPlan? FilterPlan(SourceSnapshot source, List<LexiconPhrase> values, List<string> columnWords,
        (Column Column, QuestionToken Id)? foreignKey, DateOnly? start, DateOnly? end, bool count)
    {
        var filters = new List<LexiconEntry>();
        foreach (var phrase in values)
        {
            var inSource = phrase.Entries.Where(e => e.Snapshot == source).ToList();
            if (inSource.Count != 1 || filters.Any(f => f.Column == inSource[0].Column) || inSource[0].Column == foreignKey?.Column)
            {
                return null;
            }
            filters.Add(inSource[0]);
        }
        // Filters in the source's column order, so "high priority tickets with status open" and "open high priority
        // tickets" make the same call and are read back the same way.
        var columns = source.Table.Columns;
        filters.Sort((a, b) => IndexOf(columns, a.Column!).CompareTo(IndexOf(columns, b.Column!)));
        // A column word must name a column the question gives a value for: "high priority", "status open".
        if (columnWords.Any(w => !filters.Any(f => f.Column!.Name == w)))
        {
            return null;
        }
        var dated = start is not null || end is not null;
        if (dated && source.TimeColumn is null)
        {
            return null;
        }
        var series = source.DataType == DataType.TimeSeries && filters.Count > 0 && Measure(source, filters) is not null;
        if (series && count && !dated)
        {
            return null;
        }
        var kind = series ? FastPathKind.Series : count ? FastPathKind.Count : FastPathKind.List;
        var terms = filters.Select(f => new FilterTerm(f.Column!.Name, f.Value!)).ToList();
        if (foreignKey is { } fk)
        {
            terms.Add(new FilterTerm(fk.Column.Name, fk.Id.Text));
        }
        var request = new DataRequest
        {
            Filters = terms,
            StartDate = start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EndDate = end?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PageSize = kind == FastPathKind.Count ? 1 : QueryLimits.DefaultPageSize,
        };
        return new FastPathPlan(kind, source, ToolNames.QueryData, request, Field: series ? Measure(source, filters) : null);
    }

    /// <summary>The measured number of a time series: its first numeric column that is not an id or the filtered one.</summary>
    public static Column? Measure(SourceSnapshot source, List<LexiconEntry>? filters = null) =>
        source.Table.Columns.FirstOrDefault(c => c.Type is ColumnType.Int64 or ColumnType.Double && c != source.IdColumn
            && !c.Name.EndsWith("_id", StringComparison.Ordinal) && filters?.Any(f => f.Column == c) != true);

    /// <summary>With no noun, the values decide the source, and must all point to the same one.</summary>
    private static SourceSnapshot? CommonSource(List<LexiconPhrase> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var common = values[0].Entries.Select(e => e.Snapshot).Distinct().ToList();
        foreach (var phrase in values.Skip(1))
        {
            common = common.Intersect(phrase.Entries.Select(e => e.Snapshot)).ToList();
        }
        return common.Count == 1 ? common[0] : null;
    }

    /// <summary>"ticket 5", "ticket #5", "ticket number 5", "customer id 7": the index of the number, or null.</summary>
    private static int? ReadId(List<QuestionToken> tokens, bool[] consumed, int next)
    {
        if (next < tokens.Count && !consumed[next] && tokens[next].Kind == TokenKind.Number)
        {
            return next;
        }
        if (next + 1 < tokens.Count && !consumed[next + 1] && tokens[next].Kind == TokenKind.Word && FastPathWords.IsIdMarker(tokens[next].Text) && tokens[next + 1].Kind == TokenKind.Number)
        {
            return next + 1;
        }
        return null;
    }

    /// <summary>
    /// At most one date expression: "on D", "for D" or a bare D (that day), "since D" or "from D" (onwards),
    /// "until D" (up to it), "from D to D" or "between D and D" (a range). Its words are marked consumed.
    /// </summary>
    private static bool ReadDates(List<QuestionToken> tokens, bool[] consumed, out DateOnly? start, out DateOnly? end)
    {
        start = end = null;
        var dates = new List<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Date)
            {
                dates.Add(i);
            }
        }
        if (dates.Count == 0)
        {
            return true;
        }
        string Before(int index) => index > 0 && tokens[index - 1].Kind == TokenKind.Word ? tokens[index - 1].Text : "";
        if (dates.Count == 1)
        {
            var d = dates[0];
            var date = tokens[d].Date;
            switch (Before(d))
            {
                case "since" or "from":
                    start = date;
                    consumed[d - 1] = true;
                    break;
                case "until" or "till" or "through":
                    end = date;
                    consumed[d - 1] = true;
                    break;
                case "on" or "for":
                    start = end = date;
                    consumed[d - 1] = true;
                    break;
                default:
                    start = end = date;
                    break;
            }
            consumed[d] = true;
            return true;
        }
        var (first, second) = (dates[0], dates[1]);
        if (dates.Count != 2 || second != first + 2 || Before(first) is not ("from" or "between") || tokens[first + 1].Text is not ("to" or "and" or "until" or "till" or "through"))
        {
            return false;
        }
        if (tokens[first].Date > tokens[second].Date)
        {
            return false;
        }
        (start, end) = (tokens[first].Date, tokens[second].Date);
        consumed[first - 1] = consumed[first] = consumed[first + 1] = consumed[second] = true;
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

    private static bool Overlaps(bool[] consumed, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (consumed[i])
            {
                return true;
            }
        }
        return false;
    }
}
