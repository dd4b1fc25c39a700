using System.Buffers;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Database;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Policies;

/// <summary>
/// A database source as one policy lets a caller read it. The rows are not in memory to subset and mask, so the policy
/// goes into the statements instead: <paramref name="rows"/> is the relation restricted to the policy's rows (its
/// condition ANDed into every statement, hidden columns never read), and this reader masks what comes back with the
/// same <see cref="MaskedColumn"/> a data file's view uses. What SQL cannot do on the values a caller sees (filter,
/// sort or group on a masked column's shown values) is refused, never run on the stored ones.
/// </summary>
/// <param name="shape">The view's columns: the source's without hidden ones, masked ones as text.</param>
internal sealed class PolicyPushdownReader(IPushdownReader rows, SourcePolicy policy, ValueMasker masker, Table shape, string source) : IPushdownReader
{
    private SourceProfile? _profile;

    public int RowCount => rows.RowCount;

    /// <summary>The statistics of the caller's rows, listed values shown as the policy shows them, no extremes of a masked column.</summary>
    public SourceProfile Profile => LazyInitializer.EnsureInitialized(ref _profile, () => SourceProfile.Of([.. rows.Profile.Columns
        .Select(p => shape.Find(p.Column.Name) is not { } column ? null : policy.Columns.TryGetValue(column.Name, out var rule) ? Masked(p, column, rule) : p with { Column = column })
        .OfType<ColumnProfile>()]));

    public int Count(SourceSnapshot snapshot, QuerySpec spec) => rows.Count(snapshot, Checked(spec));

    public QueryResult Execute(SourceSnapshot snapshot, QuerySpec spec)
    {
        var result = rows.Execute(snapshot, Checked(spec));
        return policy.Columns.Count == 0 ? result : Masked(result);
    }

    public AggregateResult Aggregate(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec)
    {
        for (var i = 0; i < spec.GroupBy.Count; i++)
        {
            if (!policy.Columns.TryGetValue(spec.GroupBy[i].Column.Name, out var rule))
            {
                continue;
            }
            // A keyed hash keeps equal values equal, so groups of stored values are groups of hashes; a mask or a partial
            // value merges groups the database cannot form, and an order by hashes is not an order SQL can give.
            if (rule != ColumnRule.Hash)
            {
                Refuse(spec.GroupBy[i].Column.Name, rule, "grouped by");
            }
            if (spec.Order.Any(o => o.GroupIndex == i))
            {
                Refuse(spec.GroupBy[i].Column.Name, rule, "ordered by");
            }
        }
        var result = rows.Aggregate(snapshot, Checked(query), spec);
        return result with
        {
            Spec = result.Spec with
            {
                GroupBy = [.. result.Spec.GroupBy.Select(g => policy.Columns.TryGetValue(g.Column.Name, out var rule) ? g with { Column = MaskedColumn.Build(g.Column, rule, masker) } : g)],
            },
        };
    }

    /// <summary>The request as the database runs it; a filter or sort on a masked column is refused, a default sort on one dropped.</summary>
    private QuerySpec Checked(QuerySpec spec)
    {
        foreach (var filter in spec.Filters)
        {
            RefuseMasked(filter.Column.Name, "filtered on");
        }
        if (spec.Condition is { } condition)
        {
            Walk(condition);
        }
        if (spec.SortIsDefault)
        {
            return spec.Sort.Any(k => policy.Columns.ContainsKey(k.Column.Name)) ? spec with { Sort = [.. spec.Sort.Where(k => !policy.Columns.ContainsKey(k.Column.Name))] } : spec;
        }
        foreach (var key in spec.Sort)
        {
            RefuseMasked(key.Column.Name, "sorted by");
        }
        return spec;
    }

    private void Walk(Condition condition)
    {
        switch (condition)
        {
            case Condition.Leaf leaf:
                RefuseMasked(leaf.Filter.Column.Name, "filtered on");
                break;
            case Condition.All all:
                foreach (var item in all.Items)
                {
                    Walk(item);
                }
                break;
            case Condition.Any any:
                foreach (var item in any.Items)
                {
                    Walk(item);
                }
                break;
            case Condition.Not not:
                Walk(not.Item);
                break;
        }
    }

    private void RefuseMasked(string column, string verb)
    {
        if (policy.Columns.TryGetValue(column, out var rule))
        {
            Refuse(column, rule, verb);
        }
    }

    private void Refuse(string column, ColumnRule rule, string verb) =>
        throw new DatabaseReadException(DatabaseFailure.Unsupported,
            $"Column '{column}' of database source '{source}' is under a '{rule.Name()}' column policy for this caller: the database holds its stored values, not the ones shown, so it cannot be {verb} without revealing them; leave it out of filters, sorts and groups.");

    /// <summary>The rows read with their masked columns replaced, so no writer ever sees a stored value; each part of a stream alike.</summary>
    private QueryResult Masked(QueryResult read)
    {
        using (read)
        {
            var table = new Table([.. read.Snapshot.Table.Columns.Select(c => policy.Columns.TryGetValue(c.Name, out var rule) ? MaskedColumn.Build(c, rule, masker) : c)],
                read.Snapshot.Table.RowCount, isNested: false);
            var spec = read.Spec with
            {
                Filters = [.. read.Spec.Filters.Select(f => f with { Column = table.Find(f.Column.Name)! })],
                Fields = [.. read.Spec.Fields.Select(c => table.Find(c.Name)!)],
                Sort = [.. read.Spec.Sort.Select(k => k with { Column = table.Find(k.Column.Name)! })],
            };
            var indices = ArrayPool<int>.Shared.Rent(Math.Max(1, read.Rows.Length));
            read.Rows.CopyTo(indices);
            // The stream's transaction passes to the masked result, so disposing what it replaces leaves it open.
            var masked = new QueryResult(read.Snapshot.WithRows(table), spec, read.Total, indices, read.Rows.Length) { Reading = read.Reading };
            read.Reading = null;
            if (read.Rest is { } rest)
            {
                masked.Rest = () => rest() is { } next ? Masked(next) : null;
            }
            return masked;
        }
    }

    private ColumnProfile Masked(ColumnProfile profile, Column column, ColumnRule rule)
    {
        var values = profile.Values?.Select(v => masker.Apply(rule, v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var nonNull = profile.DistinctCount > 0;
        var distinct = values?.Count ?? rule switch
        {
            ColumnRule.Mask => nonNull ? 1 : 0,
            _ => profile.DistinctCount,
        };
        return new ColumnProfile(column, profile.NullCount, distinct, values, null, null, profile.PersonalData);
    }
}
