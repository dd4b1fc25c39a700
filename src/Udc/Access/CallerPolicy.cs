using System.Collections.Concurrent;
using System.Collections.Frozen;
using Udc.Engine.Columns;
using Udc.Engine.Policies;
using Udc.Engine.Query;

namespace Udc.Access;

/// <summary>
/// A caller's <see cref="KeyPolicy"/> checked and parsed once (when the key or token is read), and resolved per
/// source into the <see cref="SourcePolicy"/> the source resolver applies.
/// </summary>
internal sealed class CallerPolicy
{
    public const string AllSources = "*";

    private readonly FrozenDictionary<string, (FilterNode Node, string Text)> _rows;
    private readonly FrozenDictionary<string, FrozenDictionary<string, ColumnRule>> _columns;
    private readonly ConcurrentDictionary<(string Source, bool Tenant), SourcePolicy> _bySource = new();

    private CallerPolicy(KeyPolicy written, FrozenDictionary<string, (FilterNode, string)> rows, FrozenDictionary<string, FrozenDictionary<string, ColumnRule>> columns)
    {
        Written = written;
        _rows = rows;
        _columns = columns;
        Tenant = written.Tenant;
        Json = System.Text.Json.JsonSerializer.Serialize(written, AccessJsonContext.Default.KeyPolicy);
        Fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Json)).AsSpan(0, 8));
    }

    public KeyPolicy Written { get; }

    public string? Tenant { get; }

    /// <summary>The written policy as stored (the key table's <c>policy</c> column).</summary>
    public string Json { get; }

    /// <summary>Names the whole policy in cache keys: callers with the same written policy share cached answers.</summary>
    public string Fingerprint { get; }

    /// <summary>The policy checked; null with the issues (each at its place in the body) when it is not valid.</summary>
    public static CallerPolicy? From(KeyPolicy written, IReadOnlyList<string> location, List<ValidationIssue> issues)
    {
        var start = issues.Count;
        if (written.Tenant is { } tenant && (tenant.Length is 0 or > 200 || tenant.Contains('\0')))
        {
            issues.Add(new ValidationIssue([.. location, "tenant"], "a tenant is a non-empty value of at most 200 characters", "value_error"));
        }
        var rows = new Dictionary<string, (FilterNode, string)>(StringComparer.Ordinal);
        foreach (var (source, text) in written.RowFilters ?? [])
        {
            if (RowFilter.Parse(text ?? "", out var error) is { } node)
            {
                rows[source] = (node, text!.Trim());
            }
            else
            {
                issues.Add(new ValidationIssue([.. location, "row_filters", source], error!, "value_error"));
            }
        }
        var columns = new Dictionary<string, FrozenDictionary<string, ColumnRule>>(StringComparer.Ordinal);
        foreach (var (source, rules) in written.ColumnPolicies ?? [])
        {
            var parsed = new Dictionary<string, ColumnRule>(StringComparer.Ordinal);
            foreach (var (column, ruleText) in rules ?? [])
            {
                if (ColumnRules.TryParse(ruleText, out var rule))
                {
                    parsed[column] = rule;
                }
                else
                {
                    issues.Add(new ValidationIssue([.. location, "column_policies", source, column], $"a column policy is one of {string.Join(", ", ColumnRules.Names)}", "enum"));
                }
            }
            columns[source] = parsed.ToFrozenDictionary(StringComparer.Ordinal);
        }
        return issues.Count > start ? null : new CallerPolicy(written, rows.ToFrozenDictionary(StringComparer.Ordinal), columns.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// What this caller may see of <paramref name="source"/>: the tenant condition when the table has the tenant column,
    /// the source's row filter and the one for every source, and the column rules of both (the source's own win).
    /// </summary>
    public SourcePolicy For(string source, Table table, string? tenantColumn)
    {
        var tenantApplies = Tenant is not null && tenantColumn is not null && table.Find(tenantColumn) is not null;
        return _bySource.GetOrAdd((source, tenantApplies), key =>
        {
            var nodes = new List<FilterNode>();
            var texts = new List<string>();
            if (key.Tenant)
            {
                nodes.Add(new FilterNode.Term(new FilterTerm(tenantColumn!, Tenant!)));
                texts.Add($"{tenantColumn} = '{Tenant!.Replace("'", "''", StringComparison.Ordinal)}'");
            }
            foreach (var name in (ReadOnlySpan<string>)[AllSources, key.Source])
            {
                if (_rows.TryGetValue(name, out var row))
                {
                    nodes.Add(row.Node);
                    texts.Add(row.Text);
                }
            }
            var rules = new Dictionary<string, ColumnRule>(StringComparer.Ordinal);
            foreach (var name in (ReadOnlySpan<string>)[AllSources, key.Source])
            {
                foreach (var (column, rule) in _columns.GetValueOrDefault(name) ?? FrozenDictionary<string, ColumnRule>.Empty)
                {
                    rules[column] = rule;
                }
            }
            return new SourcePolicy(nodes, texts, rules);
        });
    }
}
