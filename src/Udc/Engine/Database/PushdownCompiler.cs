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
internal sealed partial class PushdownCompiler(DatabaseSchema schema, SqlDialect dialect, string? idColumn, Func<string, IReadOnlyList<string>?> listedValues)
{
    public DatabaseSchema Schema => schema;

    /// <summary><c>SELECT {columns} FROM {relation} WHERE ... ORDER BY ... LIMIT ... OFFSET ...</c></summary>
    public SqlText Page(QuerySpec spec, int limit, int offset)
    {
        var sql = new SqlText().Append("SELECT ").Append(string.Join(", ", schema.Columns.Select(dialect.Read))).Append(" FROM ").Append(schema.From);
        Where(sql, spec);
        OrderBy(sql, spec.Sort);
        sql.Append(" LIMIT ").Value((long)limit).Append(" OFFSET ").Value((long)offset);
        return sql;
    }

    /// <summary><c>SELECT count(*) FROM {relation} WHERE ...</c></summary>
    public SqlText Count(QuerySpec spec)
    {
        var sql = new SqlText().Append("SELECT count(*) FROM ").Append(schema.From);
        Where(sql, spec);
        return sql;
    }

    private void Where(SqlText sql, QuerySpec spec)
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
        if (predicates.Count > 0)
        {
            sql.Append(" WHERE ").Append(SqlText.Join(predicates, " AND ", "1 = 1"));
        }
    }

    /// <summary>Free text: any text column contains it.</summary>
    private void Text(SqlText sql, Operand text)
    {
        var columns = schema.Columns.Where(c => c.Type == ColumnType.String).ToList();
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
        var keys = sort.Select(k => $"{dialect.OrderKey(schema[k.Column.Name])} {(k.Descending ? "DESC" : "ASC")} NULLS LAST").ToList();
        // Ties keep the order of the ids, as a data file keeps its own order: pages never overlap or skip a row.
        if (idColumn is { } id && !sort.Any(k => k.Column.Name == id))
        {
            keys.Add($"{dialect.OrderKey(schema[id])} ASC");
        }
        if (keys.Count > 0)
        {
            sql.Append(" ORDER BY ").Append(string.Join(", ", keys));
        }
    }
}
