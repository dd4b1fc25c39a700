using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal static partial class FastAnswerText
{
    /// <summary>
    /// "The largest order this year is order 212, with a total of 1,980.5; its customer name is Ada Lovelace.";
    /// "The order with the highest quantity is order 5, with a quantity of 20."; "The newest order is order 400:
    /// region north, …". Two rows share the first place: there is no one answer, and a model says so better.
    /// </summary>
    private static string? Extreme(FastPathPlan plan, SourceSnapshot snapshot, ToolResult outcome)
    {
        var rows = outcome.Rows;
        if (snapshot.Table.Find(plan.Column!.Name) is not { } sort || Refind(snapshot, plan.Fields) is not { } fields)
        {
            return null;
        }
        if (rows.Length == 0)
        {
            return $"There are no {Phrase(plan, outcome, 2)}.";
        }
        var row = rows[0];
        if (sort.IsNull(row) || rows.Length > 1 && !sort.IsNull(rows[1]) && sort.OrderKeys[rows[1]] == sort.OrderKeys[row])
        {
            return null;
        }
        var item = Item(snapshot, row);
        var noun = Phrase(plan, outcome, 1);
        var byTime = sort.Type == ColumnType.Timestamp;
        var head = byTime || plan.BySize ? $"The {plan.Word} {noun} is {item}" : $"The {noun} with the {plan.Word} {Name(sort)} is {item}";
        if (byTime && fields.Count == 0 && snapshot.IdColumn is not null)
        {
            return $"The {plan.Word} {noun} is {Lower(VoiceContext.RecordFacts(snapshot, row))}";
        }
        var text = $"{head}, with {Article(sort.Name)} {Name(sort)} of {Spoken.Value(sort, row)}";
        if (byTime)
        {
            // Without an id the row is already named by its time: "the one on November 22, 2026".
            text = snapshot.IdColumn is null ? head : $"{head}, {Name(sort)} {Spoken.Value(sort, row)}";
        }
        var clauses = fields.Where(f => f != sort).Select(f => FieldClause(f, row, "it", $"its {Name(f)}")).ToList();
        return clauses.Count == 0 ? text + "." : $"{text}; {JoinAll(clauses)}.";
    }

    /// <summary>"an" before a vowel sound as written: "an amount", "a total".</summary>
    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(word[0])) ? "an" : "a";

    /// <summary>"The 3 newest orders are order 400, order 399 and order 398."; fewer when fewer match.</summary>
    private static string Newest(FastPathPlan plan, SourceSnapshot snapshot, ToolResult outcome)
    {
        var rows = outcome.Rows;
        if (rows.Length == 0)
        {
            return $"There are no {Phrase(plan, outcome, 2)}.";
        }
        var items = JoinAll([.. rows.Select(r => Item(snapshot, r))]);
        if (outcome.Total < plan.Request.PageSize)
        {
            return outcome.Total == 1
                ? $"There is only 1 {Phrase(plan, outcome, 1)}: {items}."
                : $"There are only {Spoken.Number(outcome.Total)} {Phrase(plan, outcome, outcome.Total)}: {items}.";
        }
        return $"The {Spoken.Number(rows.Length)} {plan.Word} {Phrase(plan, outcome, rows.Length)} are {items}.";
    }
}
