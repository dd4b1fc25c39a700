using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Engine.Database;

/// <summary>
/// Compiles a bound <see cref="QuerySpec"/> (and an aggregate's spec) into one parameterized statement: the same
/// typed request the in-memory engine runs, with the same meaning (case-insensitive text, a bare date covering its
/// day, nulls last, SQL's three-valued NOT). Identifiers come only from the <see cref="DatabaseSchema"/>, quoted;
/// every value the caller gave is a parameter.
/// </summary>
/// <param name="listedValues">Every value of a text column when the catalog listed them (at most 25); null otherwise.</param>
/// <param name="scope">A caller's row policy and withheld columns, applied to every statement; null for the whole relation.</param>
internal sealed partial class PushdownCompiler(DatabaseSchema schema, SqlDialect dialect, string? idColumn, Func<string, IReadOnlyList<string>?> listedValues, PushdownScope? scope = null)
{
    public DatabaseSchema Schema => schema;

    /// <summary>The columns a statement reads: the relation's, without those the scope hides.</summary>
    public IReadOnlyList<DatabaseColumn> ReadColumns { get; } = scope is { Hidden: { } hidden } ? [.. schema.Columns.Where(c => !hidden.Contains(c.Name))] : schema.Columns;

    /// <summary>The scope's row condition as a predicate of <paramref name="sql"/> (its values parameters of it); null without one.</summary>
    public string? ScopePredicate(SqlText sql) => scope?.Rows is { } rows ? sql.Capture(() => Condition(sql, rows)) : null;

    /// <summary>
    /// <c>SELECT {columns}, {order keys} FROM {relation} WHERE ... ORDER BY ... LIMIT ... OFFSET ...</c>. With an id
    /// column the order keys follow the columns (<see cref="OrderKeys"/>), so the last row read is a keyset boundary;
    /// given <paramref name="after"/>, a boundary read before, the page starts past it instead of skipping rows.
    /// </summary>
    public SqlText Page(QuerySpec spec, int limit, int offset, object?[]? after = null)
    {
        var keys = idColumn is null ? [] : OrderKeys(spec.Sort);
        var sql = new SqlText().Append("SELECT ").Append(string.Join(", ", ReadColumns.Select(dialect.Read).Concat(keys.Select(k => k.Expression))))
            .Append(" FROM ").Append(schema.From);
        Where(sql, spec, after is null ? null : sql.Capture(() => After(sql, keys, after, 0)));
        OrderBy(sql, spec.Sort);
        sql.Append(" LIMIT ").Value((long)limit);
        if (after is null)
        {
            sql.Append(" OFFSET ").Value((long)offset);
        }
        return sql;
    }

    /// <summary>What picks the rows and their order, as text: pages of one query share it, whatever their number and size.</summary>
    public string Fingerprint(QuerySpec spec)
    {
        var count = Count(spec);
        var text = new System.Text.StringBuilder(count.ToString()).Append('|');
        foreach (var (expression, descending) in OrderKeys(spec.Sort))
        {
            text.Append(expression).Append(descending ? " DESC," : " ASC,");
        }
        foreach (var (_, value) in count.Parameters)
        {
            text.Append('|').Append(value.GetType().Name).Append(':').Append(value switch
            {
                DateTime instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString(),
            });
        }
        return text.ToString();
    }

    /// <summary><c>SELECT count(*) FROM {relation} WHERE ...</c></summary>
    public SqlText Count(QuerySpec spec)
    {
        var sql = new SqlText().Append("SELECT count(*) FROM ").Append(schema.From);
        Where(sql, spec);
        return sql;
    }

    private void Where(SqlText sql, QuerySpec spec, string? keyset = null)
    {
        var predicates = new List<string>();
        foreach (var filter in spec.Filters)
        {
            predicates.Add(sql.Capture(() => Filter(sql, filter)));
        }
        if (spec.Text is { } text)
        {
            predicates.Add(sql.Capture(() => Text(sql, text)));
        }
        if (spec.Condition is { } condition)
        {
            predicates.Add(sql.Capture(() => Condition(sql, condition)));
        }
        if (keyset is not null)
        {
            predicates.Add(keyset);
        }
        // The caller's row policy joins every statement, with its values as parameters like the caller's own.
        if (ScopePredicate(sql) is { } policy)
        {
            predicates.Add(policy);
        }
        if (predicates.Count > 0)
        {
            sql.Append(" WHERE ").Append(SqlText.Join(predicates, " AND ", "1 = 1"));
        }
    }

    /// <summary>Free text: any text column contains it.</summary>
    private void Text(SqlText sql, Operand text)
    {
        // A withheld column is not searched: a match would tell a value the caller may not read.
        var columns = ReadColumns.Where(c => c.Type == ColumnType.String && scope?.Unsearched.Contains(c.Name) != true).ToList();
        if (columns.Count == 0)
        {
            sql.Append("1 = 0");
            return;
        }
        var needle = sql.Parameter(FoldedText(text));
        sql.Append("(").Append(string.Join(" OR ", columns.Select(c => dialect.Contains(dialect.Fold(dialect.Read(c)), needle)))).Append(")");
    }

    private void Condition(SqlText sql, Condition condition)
    {
        switch (condition)
        {
            case Query.Condition.Leaf leaf:
                Filter(sql, leaf.Filter);
                break;
            case Query.Condition.All all:
                Combine(sql, all.Items, " AND ", "1 = 1");
                break;
            case Query.Condition.Any any:
                Combine(sql, any.Items, " OR ", "1 = 0");
                break;
            case Query.Condition.Not not:
                sql.Append("NOT (");
                Condition(sql, not.Item);
                sql.Append(")");
                break;
        }
    }

    private void Combine(SqlText sql, IReadOnlyList<Condition> items, string separator, string empty) =>
        sql.Append(SqlText.Join([.. items.Select(item => sql.Capture(() => Condition(sql, item)))], separator, empty));

    private void OrderBy(SqlText sql, IReadOnlyList<SortKey> sort)
    {
        var keys = OrderKeys(sort);
        if (keys.Count > 0)
        {
            sql.Append(" ORDER BY ").Append(string.Join(", ", keys.Select(k => $"{k.Expression} {(k.Descending ? "DESC" : "ASC")} NULLS LAST")));
        }
    }

    /// <summary>
    /// The sort keys, then the id where the sort does not name it: ties keep the order of the ids, as a data file keeps
    /// its own order, so pages never overlap or skip a row, and the keys of a row place it exactly (a keyset).
    /// </summary>
    private List<(string Expression, bool Descending)> OrderKeys(IReadOnlyList<SortKey> sort)
    {
        var keys = sort.Select(k => (dialect.OrderKey(schema[k.Column.Name]), k.Descending)).ToList();
        if (idColumn is { } id && !sort.Any(k => k.Column.Name == id))
        {
            keys.Add((dialect.OrderKey(schema[id]), false));
        }
        return keys;
    }

    /// <summary>
    /// Rows that come after <paramref name="boundary"/> in the order (nulls last): past it on key <paramref name="at"/>,
    /// or equal on it and past it on the next. A null key is passed only by the nulls after it, so it narrows to them.
    /// </summary>
    private static void After(SqlText sql, List<(string Expression, bool Descending)> keys, object?[] boundary, int at)
    {
        var (expression, descending) = keys[at];
        var value = boundary[at];
        var last = at == keys.Count - 1;
        if (value is null)
        {
            if (last)
            {
                sql.Append("1 = 0");
                return;
            }
            sql.Append("(").Append(expression).Append(" IS NULL AND ");
            After(sql, keys, boundary, at + 1);
            sql.Append(")");
            return;
        }
        var placeholder = sql.Parameter(value);
        sql.Append("(").Append(expression).Append(descending ? " < " : " > ").Append(placeholder).Append(" OR ").Append(expression).Append(" IS NULL");
        if (!last)
        {
            sql.Append(" OR (").Append(expression).Append(" = ").Append(placeholder).Append(" AND ");
            After(sql, keys, boundary, at + 1);
            sql.Append(")");
        }
        sql.Append(")");
    }
}
