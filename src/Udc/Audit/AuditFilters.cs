using System.Text;
using Udc.Engine.Policies;
using Udc.Engine.Query;

namespace Udc.Audit;

/// <summary>
/// A request's filters as the audit trail writes them: <c>status = open; amount__gt = 100</c>. A value given for a
/// column the caller's policy hides or masks is written as <c>***</c>, and so is free text when any column is
/// masked, so the trail never holds what the policy keeps from the caller.
/// </summary>
internal static class AuditFilters
{
    public const string Redacted = "***";

    public static string Describe(DataRequest request, SourcePolicy? policy)
    {
        var text = new StringBuilder();
        foreach (var term in request.Filters)
        {
            Append(text, term, policy);
        }
        if (request.Condition is { } condition)
        {
            foreach (var term in Terms(condition))
            {
                Append(text, term, policy);
            }
        }
        if (request.Text is { } search)
        {
            Separate(text).Append("query ~ ").Append(policy is { Columns.Count: > 0 } ? Redacted : search);
        }
        if (request.StartDate is { } start)
        {
            Separate(text).Append("start_date = ").Append(start);
        }
        if (request.EndDate is { } end)
        {
            Separate(text).Append("end_date = ").Append(end);
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, FilterTerm term, SourcePolicy? policy)
    {
        var separator = term.Key.IndexOf("__", StringComparison.Ordinal);
        var column = separator < 0 ? term.Key : term.Key[..separator];
        var isProtected = policy is not null && policy.Columns.ContainsKey(column);
        Separate(text).Append(term.Key).Append(" = ").Append(isProtected ? Redacted : string.Join(',', term.Values));
    }

    private static StringBuilder Separate(StringBuilder text) => text.Length == 0 ? text : text.Append("; ");

    private static IEnumerable<FilterTerm> Terms(FilterNode node) => node switch
    {
        FilterNode.Term term => [term.Filter],
        FilterNode.All all => all.Items.SelectMany(Terms),
        FilterNode.Any any => any.Items.SelectMany(Terms),
        FilterNode.Not not => Terms(not.Item),
        _ => [],
    };
}
