using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Udc.Engine.Query;

namespace Udc.Engine.Policies;

/// <summary>
/// What one caller may see of one source: the rows its conditions keep (all of them must hold) and what happens to
/// each named column. <see cref="Fingerprint"/> names the policy in view and cache keys: two callers with the same
/// policy share a view and cached answers; callers with different ones never do.
/// </summary>
internal sealed class SourcePolicy
{
    public SourcePolicy(IReadOnlyList<FilterNode> rows, IReadOnlyList<string> rowTexts, IReadOnlyDictionary<string, ColumnRule> columns)
    {
        Rows = rows.Count switch
        {
            0 => null,
            1 => rows[0],
            _ => new FilterNode.All(rows),
        };
        RowText = rowTexts.Count == 0 ? null : string.Join(" AND ", rowTexts.Select(t => rowTexts.Count == 1 ? t : $"({t})"));
        Columns = columns.ToFrozenDictionary(StringComparer.Ordinal);
        var canonical = new StringBuilder();
        canonical.Append(RowText ?? "").Append('\n');
        foreach (var (name, rule) in Columns.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            canonical.Append(name.Length).Append(':').Append(name).Append('=').Append(rule.Name()).Append('\n');
        }
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())).AsSpan(0, 8));
    }

    /// <summary>The conditions a row must meet, as one tree; null when every row is visible.</summary>
    public FilterNode? Rows { get; }

    /// <summary>The conditions as written, joined with AND; for audit and errors (never a value of a masked column).</summary>
    public string? RowText { get; }

    public FrozenDictionary<string, ColumnRule> Columns { get; }

    /// <summary>16 hex digits of the SHA-256 of the policy's canonical text.</summary>
    public string Fingerprint { get; }

    public bool IsEmpty => Rows is null && Columns.Count == 0;
}
