using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Sql;

/// <summary>
/// Compiles a parsed statement onto typed requests. WHERE becomes a <see cref="FilterNode"/> tree whose leaves are
/// <c>/data</c> filters (<c>x &gt; 5</c> is <c>x__gt</c>, <c>x IN (...)</c> is <c>x</c> with the values, <c>LIKE 'ab%'</c> is
/// <c>x__startswith</c>); a grouped statement becomes an aggregate whose groups are its GROUP BY (date_trunc as
/// <c>column:bucket</c>) and whose metrics are its aggregates, HAVING and ORDER BY included. Names are resolved by the
/// binders against the source, which report what is valid.
/// </summary>
internal static class SqlCompiler
{
    /// <summary>Rows returned without a LIMIT: a page a person or a model can read, not a download.</summary>
    public const int DefaultLimit = 100;

    public static SqlPlan Compile(SqlStatement statement)
    {
        var condition = statement.Where is { } where ? Filter(where, statement) : null;
        var grouped = statement.GroupBy.Count > 0 || statement.Distinct || statement.Items?.Any(i => i.Value.IsAggregate) == true || statement.Having is not null;
        if (!grouped)
        {
            return Plain(statement, condition);
        }
        if (statement.Items is null)
        {
            throw new SqlException("SELECT * cannot be grouped: name the grouped columns and aggregates", statement.SourcePosition, unsupported: true);
        }
        return Grouped(statement, condition);
    }

    private static SqlPlan Plain(SqlStatement statement, FilterNode? condition)
    {
        var outputs = statement.Items?.Select(item =>
        {
            if (item.Value.Bucket is not null)
            {
                throw new SqlException("date_trunc is for GROUP BY queries: group by it, or select the column itself", item.Value.Position, unsupported: true);
            }
            return new SqlOutput(item.Alias ?? item.Value.Column!, SqlOutputKind.Column, item.Value.Column!);
        }).ToList();
        var sort = statement.OrderBy.Select(order =>
        {
            var column = ResolveOrder(order.Value, statement, outputs);
            return (order.Descending ? "-" : "") + column;
        }).ToList();
        var rows = new DataRequest
        {
            Condition = condition,
            Fields = outputs?.Select(o => o.Spec).Distinct().ToList(),
            // Without ORDER BY, rows come in /data's default order: newest first on the time column, else file order.
            Sort = sort.Count > 0 ? sort : null,
            Window = new RowWindow(statement.Offset ?? 0, statement.Limit ?? DefaultLimit),
        };
        return new SqlPlan(statement.Source, rows, null, outputs);
    }

    /// <summary>ORDER BY in a plain query: a column, an output's alias, or an output's position.</summary>
    private static string ResolveOrder(SqlValue value, SqlStatement statement, List<SqlOutput>? outputs)
    {
        if (value.IsAggregate || value.Bucket is not null)
        {
            throw new SqlException($"ORDER BY {value.Describe()} needs a GROUP BY query", value.Position, unsupported: true);
        }
        if (value.Ordinal > 0)
        {
            if (outputs is null || value.Ordinal > outputs.Count)
            {
                throw new SqlException($"ORDER BY {value.Ordinal}: there are {outputs?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no numbered"} select items", value.Position, unsupported: false);
            }
            return outputs[value.Ordinal - 1].Spec;
        }
        return outputs?.FirstOrDefault(o => o.Name == value.Column && o.Name != o.Spec)?.Spec ?? value.Column!;
    }

    private static SqlPlan Grouped(SqlStatement statement, FilterNode? condition)
    {
        var items = statement.Items!;
        var groupSpecs = statement.GroupBy.Select(g => GroupSpec(g, items)).ToList();
        if (statement.Distinct)
        {
            if (items.Any(i => i.Value.IsAggregate))
            {
                throw new SqlException("SELECT DISTINCT with aggregates is not supported", items[0].Value.Position, unsupported: true);
            }
            groupSpecs.AddRange(items.Select(i => Spec(i.Value)));
        }
        groupSpecs = groupSpecs.Distinct(StringComparer.Ordinal).ToList();
        var metrics = new List<string>();
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var outputs = new List<SqlOutput>();
        foreach (var item in items)
        {
            var spec = Spec(item.Value);
            if (item.Value.IsAggregate)
            {
                metrics.Add(spec);
                outputs.Add(new SqlOutput(item.Alias ?? MetricName(item.Value), SqlOutputKind.Metric, spec));
            }
            else if (groupSpecs.Contains(spec))
            {
                outputs.Add(new SqlOutput(item.Alias ?? GroupName(item.Value), SqlOutputKind.Group, spec));
            }
            else
            {
                throw new SqlException($"{item.Value.Describe()} must appear in GROUP BY or be inside an aggregate", item.Value.Position, unsupported: false);
            }
        }
        FilterNode? having = statement.Having is { } h ? Having(h, items, metrics, hidden) : null;
        var order = statement.OrderBy.Select(o => (o.Descending ? "-" : "") + OrderSpec(o.Value, items, outputs, metrics, hidden)).ToList();
        if (metrics.Count == 0)
        {
            metrics.Add("count");
            hidden.Add("count");
        }
        var limit = statement.Limit ?? DefaultLimit;
        if (limit is < 1 or > AggregateSpec.MaxLimit)
        {
            throw new SqlException($"LIMIT of a grouped query must be from 1 to {AggregateSpec.MaxLimit}", statement.SourcePosition, unsupported: false);
        }
        var aggregate = new AggregateRequest(groupSpecs, metrics.Distinct(StringComparer.Ordinal).ToList(), limit)
        {
            Having = having,
            OrderBy = order.Count > 0 ? order : null,
            Offset = statement.Offset ?? 0,
            HiddenMetrics = hidden,
        };
        return new SqlPlan(statement.Source, new DataRequest { Condition = condition }, aggregate, outputs);
    }

    /// <summary>A GROUP BY value: a column, date_trunc, a select item's alias or position.</summary>
    private static string GroupSpec(SqlValue value, IReadOnlyList<SqlSelectItem> items)
    {
        if (value.Ordinal > 0)
        {
            if (value.Ordinal > items.Count || items[value.Ordinal - 1].Value.IsAggregate)
            {
                throw new SqlException($"GROUP BY {value.Ordinal} does not name a grouped select item", value.Position, unsupported: false);
            }
            return Spec(items[value.Ordinal - 1].Value);
        }
        if (value.Bucket is null && items.FirstOrDefault(i => i.Alias == value.Column && !i.Value.IsAggregate) is { } aliased)
        {
            return Spec(aliased.Value);
        }
        return Spec(value);
    }

    private static string OrderSpec(SqlValue value, IReadOnlyList<SqlSelectItem> items, List<SqlOutput> outputs, List<string> metrics, HashSet<string> hidden)
    {
        if (value.Ordinal > 0)
        {
            if (value.Ordinal > outputs.Count)
            {
                throw new SqlException($"ORDER BY {value.Ordinal}: there are {outputs.Count} select items", value.Position, unsupported: false);
            }
            return outputs[value.Ordinal - 1].Spec;
        }
        if (value.Column is { } name && value.Function is null && value.Bucket is null && outputs.FirstOrDefault(o => o.Name == name) is { } output)
        {
            return output.Spec;
        }
        var spec = Spec(value);
        if (value.IsAggregate && !metrics.Contains(spec))
        {
            metrics.Add(spec);
            hidden.Add(spec);
        }
        return spec;
    }

    /// <summary>HAVING: conditions on aggregates (or their aliases), compiled like WHERE onto metric specs.</summary>
    private static FilterNode Having(SqlCondition condition, IReadOnlyList<SqlSelectItem> items, List<string> metrics, HashSet<string> hidden)
    {
        string MetricOf(SqlValue value)
        {
            if (!value.IsAggregate && items.FirstOrDefault(i => i.Alias == value.Column && i.Value.IsAggregate) is { } aliased)
            {
                value = aliased.Value;
            }
            if (!value.IsAggregate)
            {
                throw new SqlException($"HAVING compares aggregates such as COUNT(*) or AVG(column), not {value.Describe()}; put row conditions in WHERE", value.Position, unsupported: true);
            }
            var spec = Spec(value);
            if (!metrics.Contains(spec))
            {
                metrics.Add(spec);
                hidden.Add(spec);
            }
            return spec;
        }
        return Compile(condition, MetricOf);
    }

    private static FilterNode Filter(SqlCondition condition, SqlStatement statement) => Compile(condition, value =>
    {
        if (value.IsAggregate)
        {
            throw new SqlException($"{value.Describe()} cannot be in WHERE; compare aggregates in HAVING", value.Position, unsupported: false);
        }
        if (value.Bucket is not null || value.Ordinal > 0)
        {
            throw new SqlException($"WHERE compares columns; {value.Describe()} is not one", value.Position, unsupported: true);
        }
        return value.Column!;
    });

    private static FilterNode Compile(SqlCondition condition, Func<SqlValue, string> key)
    {
        switch (condition)
        {
            case SqlCondition.And and:
                return new FilterNode.All([.. and.Items.Select(i => Compile(i, key))]);
            case SqlCondition.Or or:
                return new FilterNode.Any([.. or.Items.Select(i => Compile(i, key))]);
            case SqlCondition.Not not:
                return new FilterNode.Not(Compile(not.Item, key));
            case SqlCondition.IsNull isNull:
                return Term(key(isNull.Value), "isnull", isNull.Negated ? "false" : "true");
            case SqlCondition.In list:
                var values = list.Literals.Select(NotNull).ToList();
                return Term(key(list.Value), list.Negated ? "ne" : null, [.. values]);
            case SqlCondition.Between between:
                var name = key(between.Value);
                FilterNode range = new FilterNode.All([Term(name, "gte", NotNull(between.Low)), Term(name, "lte", NotNull(between.High))]);
                return between.Negated ? new FilterNode.Not(range) : range;
            case SqlCondition.Like like:
                var pattern = Like(key(like.Value), like.Pattern.Text);
                return like.Negated ? new FilterNode.Not(pattern) : pattern;
            default:
                var compare = (SqlCondition.Compare)condition;
                var op = compare.Operator switch
                {
                    "=" => null,
                    "<>" => "ne",
                    "<" => "lt",
                    "<=" => "lte",
                    ">" => "gt",
                    _ => "gte",
                };
                return Term(key(compare.Value), op, NotNull(compare.Literal));
        }
    }

    /// <summary><c>'ab%'</c> is a prefix, <c>'%ab%'</c> a substring and <c>'ab'</c> equality: the engine's fast paths; other patterns match as patterns.</summary>
    private static FilterNode Like(string column, string pattern)
    {
        var inner = pattern.Trim('%');
        var plain = inner.IndexOfAny(['%', '_']) < 0 && inner.Length > 0;
        if (plain && pattern == inner)
        {
            return Term(column, null, inner);
        }
        if (plain && pattern == inner + "%")
        {
            return Term(column, "startswith", inner);
        }
        if (plain && pattern == "%" + inner + "%")
        {
            return Term(column, "contains", inner);
        }
        return Term(column, "like", pattern.ToLowerInvariant());
    }

    private static string NotNull(SqlLiteral literal) => literal.Kind == "null"
        ? throw new SqlException("a comparison with NULL is never true; use IS NULL or IS NOT NULL", literal.Position, unsupported: false)
        : literal.Text;

    private static FilterNode Term(string key, string? op, params string[] values) =>
        new FilterNode.Term(new FilterTerm(op is null ? key : key + OperatorNames.Separator + op, values));

    private static string Spec(SqlValue value) => value switch
    {
        { Function: "count" } => "count",
        { Function: { } f } => $"{f}:{value.Column}",
        { Bucket: { } b } => $"{value.Column}:{b}",
        _ => value.Column!,
    };

    private static string MetricName(SqlValue value) => value.Function == "count" ? "count" : $"{value.Function}_{value.Column}";

    private static string GroupName(SqlValue value) => value.Bucket is { } b ? $"{value.Column}_{b}" : value.Column!;
}
