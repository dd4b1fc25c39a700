using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Data;

/// <summary>"128 open tickets: 40 high, 50 medium and 38 low."</summary>
internal static class AggregateVoice
{
    /// <summary>A listener keeps about five items in mind; the rest are summarised as a count.</summary>
    private const int MaxSpokenGroups = 5;

    public static string Describe(AggregateResult result)
    {
        var phrase = new MatchPhrase(result.Snapshot, result.Query);
        var head = $"{Spoken.Number(result.MatchCount)} {phrase.For(result.MatchCount)}";
        if (result.MatchCount == 0 || result.Spec.GroupBy.Count == 0)
        {
            return head + ".";
        }
        var parts = result.Groups.Take(MaxSpokenGroups)
            .Select(g => $"{Spoken.Number(g.Count)} {string.Join(' ', result.Spec.GroupBy.Select(c => c.Bucket is null ? Spoken.Value(c.Column, g.KeyRow) : Spoken.Date(TimestampColumn.ToDateTime(c.KeyOf(g.KeyRow)))))}")
            .ToList();
        var rest = result.TotalGroups - parts.Count;
        if (rest > 0)
        {
            parts.Add($"{Spoken.Number(rest)} more {(rest == 1 ? "group" : "groups")}");
        }
        var list = parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " and " + parts[^1];
        return $"{head}: {list}.";
    }
}
