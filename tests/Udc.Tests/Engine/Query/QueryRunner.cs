using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Features.Data;

namespace Udc.Tests.Engine.Query;

/// <summary>A page of results copied out of a pooled <see cref="QueryResult"/>.</summary>
internal sealed record Page(int Total, int[] Rows, int TotalPages, bool HasNext);

/// <summary>Runs query strings the way the HTTP layer hands them to the engine.</summary>
internal static class QueryRunner
{
    /// <summary>
    /// Splits <c>a=1&amp;b=2&amp;a=3</c> into parameters in first-seen order, repeated names grouped, values
    /// percent-decoded with '+' as a space, as ASP.NET Core's query parser does.
    /// </summary>
    public static List<KeyValuePair<string, StringValues>> Parameters(string query)
    {
        var names = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(cut < 0 ? pair : pair[..cut]);
            var value = cut < 0 ? "" : Decode(pair[(cut + 1)..]);
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
                names.Add(name);
            }
            list.Add(value);
        }
        return [.. names.Select(n => new KeyValuePair<string, StringValues>(n, new StringValues([.. values[n]])))];
    }

    public static QuerySpec Spec(SourceSnapshot snapshot, string query)
    {
        var parsed = Parse(snapshot, Parameters(query));
        Assert.True(parsed.Spec is not null, $"'{query}' was refused: {string.Join("; ", parsed.Issues.Select(i => i.Msg))}");
        Assert.Empty(parsed.Issues);
        return parsed.Spec!;
    }

    public static IReadOnlyList<ValidationIssue> Issues(SourceSnapshot snapshot, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var parsed = Parse(snapshot, parameters);
        Assert.Null(parsed.Spec);
        Assert.NotEmpty(parsed.Issues);
        return parsed.Issues;
    }

    /// <summary>As <c>/data</c> does: the query string read into a request, then bound to the snapshot.</summary>
    public static QueryParseResult Parse(SourceSnapshot snapshot, IEnumerable<KeyValuePair<string, StringValues>> parameters, IReadOnlySet<string>? reserved = null)
    {
        var issues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(parameters, reserved, issues);
        return QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, issues);
    }

    public static IReadOnlyList<ValidationIssue> Issues(SourceSnapshot snapshot, string query) => Issues(snapshot, Parameters(query));

    public static ValidationIssue SingleIssue(SourceSnapshot snapshot, string query) => Assert.Single(Issues(snapshot, query));

    public static Page Run(SourceSnapshot snapshot, string query) => Run(snapshot, Spec(snapshot, query));

    public static Page Run(SourceSnapshot snapshot, QuerySpec spec)
    {
        using var result = QueryExecutor.Execute(snapshot, spec);
        return new Page(result.Total, result.Rows.ToArray(), result.TotalPages, result.HasNext);
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
