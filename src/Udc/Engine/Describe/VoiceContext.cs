using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Engine.Describe;

/// <summary>
/// One or two sentences a voice assistant can read aloud as they are: the count, the filters in words and
/// the order ("Showing 5 of 47 active customers, newest first."), or a single record's key facts.
/// </summary>
internal static class VoiceContext
{
    public static string ForPage(QueryResult result) => ForRows(result, 0, result.Rows.Length);

    /// <summary>
    /// The sentence for <paramref name="count"/> rows of the page starting <paramref name="skip"/> rows in:
    /// a token budget can return part of a page, and a cursor the rest of it.
    /// </summary>
    public static string ForRows(QueryResult result, int skip, int count)
    {
        var spec = result.Spec;
        var snapshot = result.Snapshot;
        var phrase = new MatchPhrase(snapshot, spec);
        var total = result.Total;

        if (total == 0)
        {
            return $"There are no {phrase.For(2)}.";
        }
        if (count == 0)
        {
            return $"Page {spec.Page} is past the end: there {(total == 1 ? "is" : "are")} {Spoken.Number(total)} {phrase.For(total)} on {Spoken.Number(result.TotalPages)} {(result.TotalPages == 1 ? "page" : "pages")}.";
        }
        if (total == 1)
        {
            return $"Found 1 {phrase.For(1)}. {RecordFacts(snapshot, result.Rows[skip])}";
        }
        var order = OrderPhrase(snapshot, spec);
        var orderSuffix = order is null ? "" : ", " + order;
        if (count == total)
        {
            return $"Showing all {Spoken.Number(total)} {phrase.For(total)}{orderSuffix}.";
        }
        var first = spec.Offset + skip;
        var shown = first == 0 ? Spoken.Number(count) : $"{Spoken.Number(first + 1)} to {Spoken.Number(first + count)}";
        return $"Showing {shown} of {Spoken.Number(total)} {phrase.For(total)}{orderSuffix}.";
    }

    /// <summary>"Ticket 123, Login page not loading: status open, priority high, created March 15, 2024."</summary>
    public static string RecordFacts(SourceSnapshot snapshot, int row)
    {
        var table = snapshot.Table;
        var facts = new List<string>();
        var title = table.Columns.FirstOrDefault(c => c is StringColumn && c.Name is "name" or "subject" or "title");
        foreach (var column in table.Columns)
        {
            if (column == snapshot.IdColumn || column == title || column.IsNull(row))
            {
                continue;
            }
            if (column == snapshot.TimeColumn)
            {
                facts.Add($"{(column.Name.StartsWith("created", StringComparison.Ordinal) ? "created" : Spoken.Words(column.Name))} {Spoken.Value(column, row)}");
            }
            else if (column is DictionaryStringColumn or Int64Column or DoubleColumn or BooleanColumn && facts.Count < 4)
            {
                facts.Add($"{Spoken.Words(column.Name)} {Spoken.Value(column, row)}");
            }
        }

        var subject = snapshot.IdColumn is { } id
            ? $"{Capitalize(snapshot.Noun.Singular)} {Spoken.Value(id, row)}"
            : Capitalize(snapshot.Noun.Singular);
        if (title is not null && !title.IsNull(row))
        {
            subject += ", " + SpokenText.Safe(title.FormatText(row)!);
        }
        return facts.Count == 0 ? subject + "." : $"{subject}: {string.Join(", ", facts)}.";
    }

    /// <summary>"newest first", "sorted by name, A to Z"; null when the rows are in file order.</summary>
    public static string? OrderPhrase(SourceSnapshot snapshot, QuerySpec spec)
    {
        if (spec.Sort.Count == 0)
        {
            return null;
        }
        var key = spec.Sort[0];
        if (key.Column == snapshot.TimeColumn || key.Column.Type == ColumnType.Timestamp && spec.Sort.Count == 1)
        {
            return key.Descending ? "newest first" : "oldest first";
        }
        var direction = key.Column.Type switch
        {
            ColumnType.String => key.Descending ? "Z to A" : "A to Z",
            ColumnType.Timestamp => key.Descending ? "latest first" : "earliest first",
            _ => key.Descending ? "highest first" : "lowest first",
        };
        return $"sorted by {Spoken.Words(key.Column.Name)}, {direction}";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
