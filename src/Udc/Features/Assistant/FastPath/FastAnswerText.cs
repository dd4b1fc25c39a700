using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Query;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// The spoken answer to a claimed question, built from the tool's typed result: short sentences, numbers and dates
/// as a listener hears them, no markup. Null when the result shows the question had no single answer (a tie for
/// the largest, a group that cannot be ranked): the question then goes to a model.
/// </summary>
internal static partial class FastAnswerText
{
    /// <summary>Three items is what a listener keeps in mind from one sentence; the rest are counted.</summary>
    private const int MaxSpokenRows = 3;

    /// <summary>A week of a time series reads well aloud; longer ranges are cut and counted.</summary>
    private const int MaxSpokenPoints = 7;

    public static string? For(FastPathPlan plan, ToolResult outcome, DateOnly today, ToolSet set)
    {
        if (plan.Kind is FastPathKind.Sources or FastPathKind.Columns or FastPathKind.Measures or FastPathKind.Values)
        {
            return Meta(plan, set);
        }
        // The tool ran on the live snapshot, which a reload may have swapped since the plan was made: rows and
        // columns are read from the snapshot the result belongs to, columns found again by name.
        var snapshot = outcome.Snapshot ?? plan.Source;
        if (outcome.IsError)
        {
            return plan.Kind is FastPathKind.Record or FastPathKind.Field ? $"I found no {snapshot.Noun.Singular} {plan.Id}." : null;
        }
        return plan.Kind switch
        {
            FastPathKind.Record => VoiceContext.RecordFacts(snapshot, outcome.RecordRow),
            FastPathKind.Field => Fields(snapshot, outcome.RecordRow, Refind(snapshot, plan.Fields)),
            FastPathKind.Count => Capitalize(CountSentence(plan, outcome)),
            FastPathKind.Series => snapshot.Table.Find(plan.Column!.Name) is { } measure ? Series(plan, snapshot, measure, outcome) : null,
            FastPathKind.Metric => Metric(plan, snapshot, outcome, today),
            FastPathKind.Breakdown => Breakdown(plan, snapshot, outcome),
            FastPathKind.TopGroup => TopGroup(plan, snapshot, outcome),
            FastPathKind.Extreme => Extreme(plan, snapshot, outcome),
            FastPathKind.Newest => Newest(plan, snapshot, outcome),
            _ => List(plan, outcome),
        };
    }

    /// <summary>"Ticket 123 is open.", "The email of customer 7 is …", or for several fields "Order 31: region north, status shipped."</summary>
    private static string? Fields(SourceSnapshot snapshot, int row, List<Column>? fields)
    {
        if (fields is null)
        {
            return null;
        }
        var subject = $"{snapshot.Noun.Singular} {Spoken.Value(snapshot.IdColumn!, row)}";
        if (fields.Count == 1)
        {
            return FieldClause(fields[0], row, Capitalize(subject), $"The {Name(fields[0])} of {subject}") + ".";
        }
        return $"{Capitalize(subject)}: {string.Join(", ", fields.Select(f => $"{Name(f)} {Spoken.Value(f, row)}"))}.";
    }

    /// <summary>
    /// One field said of a subject: "order 31 is shipped" for a status, "invoice 4 is not paid" for a boolean, "order
    /// 31 was ordered at March 3, 2026" for a time named for an event, else "{possessive} is {value}".
    /// </summary>
    private static string FieldClause(Column field, int row, string subject, string possessive)
    {
        var words = Name(field);
        if (field.IsNull(row))
        {
            return $"{possessive} is not set";
        }
        if (field is BooleanColumn flag)
        {
            return $"{subject} is {(flag[row] ? "" : "not ")}{words}";
        }
        if (field.Type == ColumnType.Timestamp && (field.Name.EndsWith("_at", StringComparison.Ordinal) || field.Name.EndsWith("_on", StringComparison.Ordinal)))
        {
            return $"{subject} was {words} {Spoken.Value(field, row)}";
        }
        return field.Name is "status" or "state" or "stage" ? $"{subject} is {Spoken.Value(field, row)}" : $"{possessive} is {Spoken.Value(field, row)}";
    }

    /// <summary>"there are 12 shipped or returned orders this year."</summary>
    private static string CountSentence(FastPathPlan plan, ToolResult outcome) => outcome.Total switch
    {
        0 => $"there are no {Phrase(plan, outcome, 2)}.",
        1 => $"there is 1 {Phrase(plan, outcome, 1)}.",
        var n => $"there are {Spoken.Number(n)} {Phrase(plan, outcome, n)}.",
    };

    /// <summary>The matching rows in words, their period said as the question said it: "open high priority tickets last week".</summary>
    private static string Phrase(FastPathPlan plan, ToolResult outcome, long count)
    {
        var phrase = new MatchPhrase(outcome.Snapshot!, outcome.Query! with { DateRange = null }).For(count);
        return plan.Period is { } period ? $"{phrase} {period.Spoken}" : phrase;
    }

    /// <summary>"There are 12 pending tickets. The newest are ticket 145, Login fails; ticket 131, …; and 9 more."</summary>
    private static string List(FastPathPlan plan, ToolResult outcome)
    {
        var text = new StringBuilder(Capitalize(CountSentence(plan, outcome)));
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

    /// <summary>
    /// "Daily active users on March 15, 2024 was 2,112." or a short series, newest first. A source with more than one
    /// measure names it: "Cold store temperature on November 20, 2026 was 4.5."
    /// </summary>
    private static string Series(FastPathPlan plan, SourceSnapshot snapshot, Column measure, ToolResult outcome)
    {
        var what = Capitalize(SeriesLabel(snapshot, measure, outcome.Query!));
        var period = plan.Period is { } p ? " " + p.Spoken : "";
        var time = snapshot.TimeColumn!;
        if (outcome.Rows.Length == 0)
        {
            return $"There is no {Lower(what)} data{period}.";
        }
        if (outcome.Total == 1)
        {
            return $"{what} on {Spoken.Value(time, outcome.Rows[0])} was {Spoken.Value(measure, outcome.Rows[0])}.";
        }
        var points = outcome.Rows.Take(MaxSpokenPoints).Select(r => $"{Spoken.Value(measure, r)} on {Spoken.Value(time, r)}").ToList();
        var rest = outcome.Total - points.Count;
        var tail = rest > 0 ? $"; and {Spoken.Number(rest)} earlier values" : "";
        return $"{what}{period}, newest first: {string.Join("; ", points)}{tail}.";
    }

    /// <summary>The values a series is filtered to, and its measure when the source has more than one: "cold store temperature".</summary>
    private static string SeriesLabel(SourceSnapshot snapshot, Column measure, QuerySpec query)
    {
        var labels = string.Join(' ', query.Filters.Where(f => f.Column.Type == ColumnType.String).Select(f => Words(f.Operands[0].Text)));
        return ColumnRoles.Measures(snapshot).Skip(1).Any() ? $"{labels} {Name(measure)}" : labels;
    }

    /// <summary>"ticket 145, Slack integration disconnected" or "customer 3, Björn Fischer"; "the one on March 3, 2026" without an id.</summary>
    private static string Item(SourceSnapshot snapshot, int row)
    {
        if (snapshot.IdColumn is not { } id)
        {
            return snapshot.TimeColumn is { } time ? $"the one on {Spoken.Value(time, row)}" : snapshot.Noun.Singular;
        }
        var title = snapshot.Table.Columns.FirstOrDefault(c => c is StringColumn && c.Name is "name" or "subject" or "title");
        var head = $"{snapshot.Noun.Singular} {Spoken.Value(id, row)}";
        return title is not null && !title.IsNull(row) ? $"{head}, {Spoken.Value(title, row)}" : head;
    }

    /// <summary>The plan's columns in the result's snapshot; null when a reload dropped one.</summary>
    private static List<Column>? Refind(SourceSnapshot snapshot, IReadOnlyList<Column> columns)
    {
        var found = new List<Column>(columns.Count);
        foreach (var column in columns)
        {
            if (snapshot.Table.Find(column.Name) is not { } current)
            {
                return null;
            }
            found.Add(current);
        }
        return found;
    }

    /// <summary>A column's name as words, made safe to speak: a header is data too.</summary>
    private static string Name(Column column) => Spoken.Words(SpokenText.Safe(column.Name));

    /// <summary>A value from the data as words, made safe to speak: "cold store", "daily active users".</summary>
    private static string Words(string value) => Spoken.Words(SpokenText.Safe(value));

    /// <summary>"a, b and c".</summary>
    private static string JoinAll(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
