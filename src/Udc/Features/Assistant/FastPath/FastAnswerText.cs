using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// The spoken answer to a claimed question, built from the tool's typed result: short sentences, numbers as a
/// listener hears them, no markup.
/// </summary>
internal static class FastAnswerText
{
    /// <summary>Three items is what a listener keeps in mind from one sentence; the rest are counted.</summary>
    private const int MaxSpokenRows = 3;

    /// <summary>A week of a time series reads well aloud; longer ranges are cut and counted.</summary>
    private const int MaxSpokenPoints = 7;

    public static string For(FastPathPlan plan, ToolResult outcome)
    {
        // The tool ran on the live snapshot, which a reload may have swapped since the plan was made: rows and
        // columns are read from the snapshot the result belongs to, columns found again by name.
        var snapshot = outcome.Snapshot ?? plan.Snapshot;
        if (outcome.IsError)
        {
            return plan.Kind is FastPathKind.Record or FastPathKind.Field
                ? $"I found no {snapshot.Noun.Singular} {IdText(plan)}."
                : "I could not look that up.";
        }
        return plan.Kind switch
        {
            FastPathKind.Record => VoiceContext.RecordFacts(snapshot, outcome.RecordRow),
            FastPathKind.Field => snapshot.Table.Find(plan.Field!.Name) is { } field ? Field(snapshot, outcome.RecordRow, field) : VoiceContext.RecordFacts(snapshot, outcome.RecordRow),
            FastPathKind.Count => Capitalize(CountSentence(outcome)),
            FastPathKind.Series => snapshot.Table.Find(plan.Field!.Name) is { } measure ? Series(snapshot, measure, outcome) : List(outcome),
            _ => List(outcome),
        };
    }

    private static string IdText(FastPathPlan plan) => plan.Id ?? "";

    /// <summary>"Ticket 123 is open." for a status; "The email of customer 7 is …" otherwise.</summary>
    private static string Field(SourceSnapshot snapshot, int row, Column field)
    {
        var subject = $"{snapshot.Noun.Singular} {Spoken.Value(snapshot.IdColumn!, row)}";
        var value = field.IsNull(row) ? "not set" : Spoken.Value(field, row);
        return field.Name is "status" or "state" or "stage"
            ? $"{Capitalize(subject)} is {value}."
            : $"The {Spoken.Words(field.Name)} of {subject} is {value}.";
    }

    private static string CountSentence(ToolResult outcome)
    {
        var phrase = new MatchPhrase(outcome.Snapshot!, outcome.Query!);
        return outcome.Total switch
        {
            0 => $"there are no {phrase.For(2)}.",
            1 => $"there is 1 {phrase.For(1)}.",
            var n => $"there are {Spoken.Number(n)} {phrase.For(n)}.",
        };
    }

    /// <summary>"There are 12 pending tickets. The newest are ticket 145, Login fails; ticket 131, …; and 9 more."</summary>
    private static string List(ToolResult outcome)
    {
        var text = new StringBuilder(Capitalize(CountSentence(outcome)));
        var rows = outcome.Rows;
        if (rows.Length == 0)
        {
            return text.ToString();
        }
        var snapshot = outcome.Snapshot!;
        var shown = rows.Take(MaxSpokenRows).Select(r => Item(snapshot, r)).ToList();
        var order = outcome.Query!.SortIsDefault && snapshot.TimeColumn is not null ? "newest" : "first";
        text.Append(outcome.Total == 1 ? " It is " : $" The {order} {(shown.Count == 1 ? "is" : "are")} ");
        var rest = outcome.Total - shown.Count;
        if (rest > 0)
        {
            shown.Add($"{Spoken.Number(rest)} more");
        }
        text.Append(shown.Count == 1 ? shown[0] : string.Join("; ", shown[..^1]) + "; and " + shown[^1]);
        return text.Append('.').ToString();
    }

    /// <summary>"Daily active users on March 15, 2024 was 2,112." or a short series, newest first.</summary>
    private static string Series(SourceSnapshot snapshot, Column measure, ToolResult outcome)
    {
        var what = Capitalize(string.Join(' ', outcome.Query!.Filters
            .Where(f => f.Column.Type == ColumnType.String)
            .Select(f => Spoken.Words(f.Operands[0].Text))));
        var time = snapshot.TimeColumn!;
        if (outcome.Rows.Length == 0)
        {
            return $"There is no {Lower(what)} data{DateSuffix(outcome.Query.DateRange)}.";
        }
        if (outcome.Total == 1)
        {
            return $"{what} on {Spoken.Value(time, outcome.Rows[0])} was {Spoken.Value(measure, outcome.Rows[0])}.";
        }
        var points = outcome.Rows.Take(MaxSpokenPoints).Select(r => $"{Spoken.Value(measure, r)} on {Spoken.Value(time, r)}").ToList();
        var rest = outcome.Total - points.Count;
        var tail = rest > 0 ? $"; and {Spoken.Number(rest)} earlier values" : "";
        return $"{what}{DateSuffix(outcome.Query.DateRange)}, newest first: {string.Join("; ", points)}{tail}.";
    }

    private static string DateSuffix(Engine.Query.DateRangeText? range) => range switch
    {
        { Start: { } start, End: { } end } when start == end => $" on {Spoken.Operand(start)}",
        { Start: { } start, End: { } end } => $" from {Spoken.Operand(start)} to {Spoken.Operand(end)}",
        { Start: { } start } => $" since {Spoken.Operand(start)}",
        { End: { } end } => $" until {Spoken.Operand(end)}",
        _ => "",
    };

    /// <summary>"ticket 145, Slack integration disconnected" or "customer 3, Björn Fischer".</summary>
    private static string Item(SourceSnapshot snapshot, int row)
    {
        var title = snapshot.Table.Columns.FirstOrDefault(c => c is StringColumn && c.Name is "name" or "subject" or "title");
        var head = snapshot.IdColumn is { } id ? $"{snapshot.Noun.Singular} {Spoken.Value(id, row)}" : snapshot.Noun.Singular;
        return title is not null && !title.IsNull(row) ? $"{head}, {Engine.Describe.SpokenText.Safe(title.FormatText(row)!)}" : head;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
