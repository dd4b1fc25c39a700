using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Database;
using Udc.Engine.Query;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Policies;

/// <summary>
/// A source as one policy lets a caller see it: a snapshot holding only the rows the row policy keeps, without its
/// hidden columns and with its masked ones replaced. Every surface reads this view where it would have read the
/// source, so totals, enum values, min and max, aggregates, SQL, analytics, quality and record lookups all see the
/// same rows and values, and none can reach around the policy. A view is built once per snapshot and policy
/// (a pass over the kept rows, ~tens of milliseconds for a million) and dropped with the snapshot. A database
/// source's view holds no rows: its reader (<see cref="PolicyPushdownReader"/>) puts the policy into every statement.
/// </summary>
internal sealed class PolicyViews(ValueMasker masker)
{
    /// <summary>Where a row policy's issues point: at the key's policy, not at the caller's request.</summary>
    public static readonly RequestOrigin Origin = new(["policy", "row_filter"], ["policy", "row_filter"], []);

    /// <summary>Views kept per snapshot; past this many distinct policies, older ones are built again when asked.</summary>
    private const int MaxViewsPerSnapshot = 256;

    /// <summary>Between a source's content tag and its policy's fingerprint in a view's content tag.</summary>
    public const char PolicyTagSeparator = '~';

    private readonly ConditionalWeakTable<SourceSnapshot, ConcurrentDictionary<string, Lazy<PolicyView>>> _views = new();

    public ValueMasker Masker => masker;

    /// <summary>The snapshot as <paramref name="policy"/> shows it; the snapshot itself when the policy changes nothing.</summary>
    public PolicyView For(SourceSnapshot snapshot, SourcePolicy? policy)
    {
        if (policy is null || policy.IsEmpty)
        {
            return new PolicyView(snapshot, null);
        }
        var views = _views.GetValue(snapshot, static _ => new ConcurrentDictionary<string, Lazy<PolicyView>>(StringComparer.Ordinal));
        if (views.Count >= MaxViewsPerSnapshot)
        {
            views.Clear();
        }
        return views.GetOrAdd(policy.Fingerprint, _ => new Lazy<PolicyView>(() => Build(snapshot, policy))).Value;
    }

    private PolicyView Build(SourceSnapshot snapshot, SourcePolicy policy)
    {
        Condition? bound = null;
        if (policy.Rows is { } condition)
        {
            var binding = QueryBinder.Bind(snapshot, new DataRequest { Condition = condition, PageSize = 1 }, Origin);
            if (binding.Spec is not { } spec)
            {
                return new PolicyView(null, $"the row policy does not apply to source '{snapshot.Name}': {string.Join("; ", binding.Issues.Select(i => i.Msg))}");
            }
            bound = spec.Condition ?? throw new InvalidOperationException("a bound row policy has a condition");
        }
        // A database source's rows stay in the database: the policy goes into its statements (DatabaseTable.Restrict).
        var rows = bound is null || snapshot.Pushdown is not null ? null : Kept(snapshot, bound);
        var columns = new List<Column>(snapshot.Table.Columns.Count);
        foreach (var column in snapshot.Table.Columns)
        {
            var hasRule = policy.Columns.TryGetValue(column.Name, out var rule);
            if (hasRule && rule == ColumnRule.Hide)
            {
                continue;
            }
            var kept = rows is null ? column : ColumnSubset.Take(column, rows);
            columns.Add(hasRule ? MaskedColumn.Build(kept, rule, masker) : kept);
        }
        var table = new Table(columns, rows?.Length ?? snapshot.Table.RowCount, snapshot.Table.IsNested);
        // The view keeps the source's own id and time columns (when still there and still of their type): inferred
        // again on a subset, a column unique only among the kept rows could become the id.
        var definition = snapshot.Definition with { IdColumn = snapshot.IdColumn?.Name ?? "", TimeColumn = snapshot.TimeColumn?.Name ?? "" };
        var usesHash = policy.Columns.Values.Contains(ColumnRule.Hash);
        // The source's tag, then the policy's: cache keys made from a view never match another policy's.
        var tag = $"{snapshot.ContentTag}{PolicyTagSeparator}{policy.Fingerprint}{(usesHash ? "." + masker.KeyTag : "")}";
        var pushdown = snapshot.Pushdown is DatabaseTable database ? Restricted(database, bound, policy, table, snapshot.Name) : null;
        var view = new SourceSnapshot(definition, table, SourceCatalog.NextVersion(), snapshot.FileModifiedAt, snapshot.LoadedAt, snapshot.LoadDuration, tag, snapshot.Origin, pushdown);
        return new PolicyView(view, null);
    }

    /// <summary>The rows of an in-memory source that <paramref name="condition"/> keeps, in order.</summary>
    private static int[] Kept(SourceSnapshot snapshot, Condition condition)
    {
        using var mask = QueryExecutor.Match(snapshot, new QuerySpec { Filters = [], Sort = [], Fields = [], Condition = condition });
        var rows = new int[mask.Count()];
        var next = 0;
        foreach (var row in MaskKernels.EnumerateRows(mask.Words))
        {
            rows[next++] = row;
        }
        return rows;
    }

    private PolicyPushdownReader Restricted(DatabaseTable database, Condition? rows, SourcePolicy policy, Table shape, string source)
    {
        var hidden = policy.Columns.Where(c => c.Value == ColumnRule.Hide).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var masked = policy.Columns.Where(c => c.Value != ColumnRule.Hide).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var shown = new SourcePolicy([], [], policy.Columns.Where(c => c.Value != ColumnRule.Hide).ToDictionary());
        return new PolicyPushdownReader(database.Restrict(new PushdownScope(rows, hidden, masked)), shown, masker, shape, source);
    }
}

/// <summary>A view under a policy, or why the policy cannot apply (its row filter names a column the source lacks).</summary>
internal sealed record PolicyView(SourceSnapshot? Snapshot, string? Problem);
