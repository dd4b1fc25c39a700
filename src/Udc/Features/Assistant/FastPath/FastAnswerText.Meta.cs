using Udc.Engine.Describe;
using Udc.Features.Sources;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal static partial class FastAnswerText
{
    /// <summary>
    /// "There are 3 sources: invoices, with 120 invoices; …"; "Orders have 7 columns: …"; "The number columns of
    /// orders are total and quantity."; "The region of orders is one of central, east, north, south or west."
    /// </summary>
    private static string? Meta(FastPathPlan plan, ToolSet set)
    {
        if (plan.Kind == FastPathKind.Sources)
        {
            var states = set.States;
            if (states.Count == 0)
            {
                return "There are no sources yet.";
            }
            var items = states.Select(s => s.Snapshot is { } loaded
                ? $"{Words(s.Name)}, with {Spoken.Number(loaded.RowCount)} {loaded.Noun.For(loaded.RowCount)}"
                : $"{Words(s.Name)}, not loaded").ToList();
            return states.Count == 1
                ? $"There is 1 source: {items[0]}."
                : $"There are {Spoken.Number(states.Count)} sources: {string.Join("; ", items[..^1])}; and {items[^1]}.";
        }
        var snapshot = plan.Source;
        var plural = snapshot.Noun.Plural;
        switch (plan.Kind)
        {
            case FastPathKind.Columns:
                var count = snapshot.Table.Columns.Count;
                List<string> columns = [.. snapshot.Table.Columns.Take(SourceWriter.MaxSpokenColumns).Select(Name)];
                if (count > columns.Count)
                {
                    columns.Add($"{Spoken.Number(count - columns.Count)} more");
                }
                return $"{Capitalize(plural)} have {Spoken.Number(count)} {(count == 1 ? "column" : "columns")}: {JoinAll(columns)}.";
            case FastPathKind.Measures:
                var measures = ColumnRoles.Measures(snapshot).Select(c => Name(c)).ToList();
                return measures.Count switch
                {
                    0 => $"{Capitalize(plural)} have no number columns.",
                    1 => $"The number column of {plural} is {measures[0]}.",
                    _ => $"The number columns of {plural} are {JoinAll(measures)}.",
                };
            default:
                var column = plan.Column!;
                var values = snapshot.Profile.Columns.First(p => p.Column == column).Values!.Select(Words).ToList();
                return $"The {Name(column)} of {plural} is one of {Spoken.JoinAlternatives(values)}.";
        }
    }
}
