using System.Globalization;

namespace Udc.Engine.Sql;

/// <summary>
/// A recursive-descent parser for UDC's SELECT subset:
/// <c>SELECT [DISTINCT] items FROM source [WHERE condition] [GROUP BY values] [HAVING condition] [ORDER BY values [ASC|DESC]] [LIMIT n] [OFFSET n]</c>.
/// Items are columns, <c>*</c>, <c>COUNT(*)</c>, <c>SUM|AVG|MIN|MAX(column)</c> and <c>date_trunc('hour|day|week|month', column)</c>,
/// each with an optional <c>AS alias</c>; conditions compare one value with literals (<c>= &lt;&gt; != &lt; &lt;= &gt; &gt;=</c>,
/// <c>IN</c>, <c>BETWEEN</c>, <c>LIKE</c>, <c>IS [NOT] NULL</c>) under <c>AND</c>, <c>OR</c>, <c>NOT</c> and parentheses.
/// Everything else is refused with a message that says what is supported.
/// </summary>
internal sealed class SqlParser
{
    public const int MaxLength = 10_000;

    /// <summary>Conditions nest at most 32 deep: deeper is a generated attack, not a question.</summary>
    private const int MaxDepth = 32;

    public const string Supported =
        "UDC runs one read-only SELECT over one source: SELECT [DISTINCT] columns, *, COUNT(*), SUM/AVG/MIN/MAX(column), date_trunc('hour|day|week|month', column) [AS alias] "
        + "FROM source [WHERE ...] [GROUP BY ...] [HAVING ...] [ORDER BY ... ASC|DESC] [LIMIT n] [OFFSET n]; conditions use = <> != < <= > >=, IN, BETWEEN, LIKE, IS [NOT] NULL, AND, OR, NOT";

    private static readonly HashSet<string> s_writes = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "TRUNCATE", "MERGE", "REPLACE", "GRANT", "REVOKE", "ATTACH", "DETACH",
        "COPY", "PRAGMA", "SET", "CALL", "EXEC", "EXECUTE", "INSTALL", "LOAD", "EXPORT", "IMPORT", "VACUUM", "BEGIN", "COMMIT", "ROLLBACK",
    };

    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "IS",
        "NULL", "AS", "ASC", "DESC", "DISTINCT", "JOIN", "ON", "UNION", "WITH", "OVER", "CASE", "WHEN", "THEN", "ELSE", "END", "INTO",
        "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "EXCEPT", "INTERSECT", "FETCH", "WINDOW", "QUALIFY", "USING", "ILIKE",
    };

    private static readonly string[] s_aggregates = ["count", "sum", "avg", "min", "max"];

    private readonly List<SqlToken> _tokens;
    private int _next;
    private int _depth;

    private SqlParser(List<SqlToken> tokens) => _tokens = tokens;

    public static SqlStatement Parse(string sql)
    {
        if (sql.Length > MaxLength)
        {
            throw new SqlException($"the statement is longer than {MaxLength} characters", MaxLength, unsupported: false);
        }
        var parser = new SqlParser(SqlLexer.Tokenize(sql));
        return parser.Statement();
    }

    private SqlToken Peek => _tokens[_next];

    private SqlToken Take() => _tokens[Math.Min(_next++, _tokens.Count - 1)];

    /// <summary>The token after the next one (the end token past the end).</summary>
    private SqlToken Ahead => _tokens[Math.Min(_next + 1, _tokens.Count - 1)];

    private SqlStatement Statement()
    {
        var first = Peek;
        if (first.Kind == SqlTokenKind.End)
        {
            throw Error("the statement is empty; write a SELECT", first, unsupported: false);
        }
        if (first.IsWord("WITH"))
        {
            throw Error("WITH (common table expressions) is not supported", first, unsupported: true);
        }
        if (first.Kind == SqlTokenKind.Word && s_writes.Contains(first.Text))
        {
            throw Error($"only SELECT is allowed: UDC's data is read-only, so {first.Text.ToUpperInvariant()} has nothing to act on", first, unsupported: true);
        }
        Expect("SELECT", "a statement starts with SELECT");
        var distinct = Accept("DISTINCT");
        if (Peek.IsWord("ALL"))
        {
            Take();
        }
        var items = SelectList();
        Expect("FROM", "expected FROM after the select list");
        var sourceToken = Peek;
        var source = Name("a source name after FROM");
        if (Peek.IsSymbol("."))
        {
            throw Error("a schema-qualified name is not supported; name the source alone", Peek, unsupported: true);
        }
        if (Peek.IsSymbol(",") || Peek.IsWord("JOIN") || Peek.IsWord("INNER") || Peek.IsWord("LEFT") || Peek.IsWord("RIGHT") || Peek.IsWord("FULL") || Peek.IsWord("CROSS") || Peek.IsWord("NATURAL"))
        {
            throw Error("one source per query: joins and lists of sources are not supported", Peek, unsupported: true);
        }
        if (Peek.IsWord("AS") || Peek.Kind == SqlTokenKind.Word && !s_reserved.Contains(Peek.Text))
        {
            throw Error("a source alias is not supported; name columns without a prefix", Peek, unsupported: true);
        }
        var where = Accept("WHERE") ? Condition() : null;
        var groupBy = new List<SqlValue>();
        if (Accept("GROUP"))
        {
            Expect("BY", "expected BY after GROUP");
            do
            {
                groupBy.Add(Value(allowAggregate: false));
            }
            while (AcceptSymbol(","));
        }
        var having = Accept("HAVING") ? Condition() : null;
        var orderBy = new List<SqlOrder>();
        if (Accept("ORDER"))
        {
            Expect("BY", "expected BY after ORDER");
            do
            {
                var value = Value(allowAggregate: true);
                var descending = Accept("DESC");
                if (!descending)
                {
                    Accept("ASC");
                }
                if (Accept("NULLS"))
                {
                    if (Accept("FIRST"))
                    {
                        throw Error("NULLS FIRST is not supported: nulls always come last", _tokens[_next - 1], unsupported: true);
                    }
                    Expect("LAST", "expected LAST after NULLS");
                }
                orderBy.Add(new SqlOrder(value, descending));
            }
            while (AcceptSymbol(","));
        }
        int? limit = null, offset = null;
        if (Accept("LIMIT"))
        {
            limit = Count("LIMIT");
        }
        if (Accept("OFFSET"))
        {
            offset = Count("OFFSET");
        }
        if (limit is null && Accept("LIMIT"))
        {
            limit = Count("LIMIT");
        }
        AcceptSymbol(";");
        if (Peek.Kind != SqlTokenKind.End)
        {
            var token = Peek;
            var word = token.Kind == SqlTokenKind.Word ? token.Text.ToUpperInvariant() : null;
            throw word switch
            {
                "UNION" or "EXCEPT" or "INTERSECT" => Error($"{word} is not supported: one SELECT per query", token, unsupported: true),
                "WINDOW" or "QUALIFY" or "FETCH" => Error($"{word} is not supported", token, unsupported: true),
                _ when _tokens[_next - 1].IsSymbol(";") => Error("one statement per query: nothing may follow the ;", token, unsupported: true),
                _ => Error($"unexpected {token.Describe()}", token, unsupported: false),
            };
        }
        return new SqlStatement(distinct, items, source, sourceToken.Position, where, groupBy, having, orderBy, limit, offset);
    }

    /// <summary><c>*</c> (null) or items with optional aliases.</summary>
    private List<SqlSelectItem>? SelectList()
    {
        if (AcceptSymbol("*"))
        {
            return null;
        }
        var items = new List<SqlSelectItem>();
        do
        {
            var value = Value(allowAggregate: true);
            if (value.Ordinal > 0)
            {
                throw Error("select a column, an aggregate or date_trunc, not a number", _tokens[_next - 1], unsupported: true);
            }
            string? alias = null;
            if (Accept("AS") || Peek.Kind == SqlTokenKind.QuotedName || Peek.Kind == SqlTokenKind.Word && !s_reserved.Contains(Peek.Text))
            {
                alias = Name("an alias after AS");
            }
            items.Add(new SqlSelectItem(value, alias));
        }
        while (AcceptSymbol(","));
        return items;
    }

    /// <summary>A column, an aggregate, date_trunc, or (in GROUP BY and ORDER BY) a select item's position.</summary>
    private SqlValue Value(bool allowAggregate)
    {
        var token = Peek;
        if (token.Kind == SqlTokenKind.Number && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) && ordinal > 0)
        {
            Take();
            return new SqlValue(null, null, null, ordinal, token.Position);
        }
        if (token.Kind == SqlTokenKind.Word && Ahead.IsSymbol("("))
        {
            var function = token.Text.ToLowerInvariant();
            Take();
            Take();
            if (function == "date_trunc")
            {
                var unit = Take();
                if (unit.Kind != SqlTokenKind.String || !Analytics.TimeBuckets.TryParse(unit.Text, out _))
                {
                    throw Error($"date_trunc takes 'hour', 'day', 'week' or 'month' first, not {unit.Describe()}", unit, unsupported: unit.Kind == SqlTokenKind.String);
                }
                ExpectSymbol(",", "expected , after the unit of date_trunc");
                var column = Name("a timestamp column in date_trunc");
                ExpectSymbol(")", "expected ) to close date_trunc");
                return new SqlValue(null, column, unit.Text.Trim().ToLowerInvariant(), 0, token.Position);
            }
            if (!s_aggregates.Contains(function))
            {
                throw Error($"function {token.Text}() is not supported; functions: COUNT(*), SUM, AVG, MIN, MAX (of a column) and date_trunc", token, unsupported: true);
            }
            if (!allowAggregate)
            {
                throw Error($"{function.ToUpperInvariant()}() cannot be grouped by", token, unsupported: true);
            }
            if (Peek.IsWord("DISTINCT"))
            {
                throw Error($"{function.ToUpperInvariant()}(DISTINCT ...) is not supported", Peek, unsupported: true);
            }
            string? argument = null;
            if (AcceptSymbol("*"))
            {
                if (function != "count")
                {
                    throw Error($"{function.ToUpperInvariant()}(*) is not valid; {function.ToUpperInvariant()} takes a column", token, unsupported: false);
                }
            }
            else
            {
                var columnToken = Peek;
                argument = Name($"a column in {function.ToUpperInvariant()}()");
                if (function == "count")
                {
                    throw Error("COUNT(column) is not supported; use COUNT(*) with WHERE column IS NOT NULL", columnToken, unsupported: true);
                }
            }
            ExpectSymbol(")", $"expected ) to close {function.ToUpperInvariant()}(");
            if (Peek.IsWord("OVER") || Peek.IsWord("FILTER"))
            {
                throw Error($"{Peek.Text.ToUpperInvariant()} (window functions and filtered aggregates) is not supported; /analytics covers rolling statistics", Peek, unsupported: true);
            }
            return new SqlValue(function, argument, null, 0, token.Position);
        }
        if (token.IsWord("CASE") || token.IsWord("CAST") || token.IsSymbol("(") && Ahead.IsWord("SELECT"))
        {
            throw Error(token.IsSymbol("(") ? "subqueries are not supported" : $"{token.Text.ToUpperInvariant()} is not supported", token, unsupported: true);
        }
        var name = Name("a column");
        if (Peek.IsSymbol("."))
        {
            throw Error("a qualified column name is not supported; quote a name with dots: \"address.city\"", Peek, unsupported: true);
        }
        if (Peek.Kind == SqlTokenKind.Symbol && Peek.Text is "+" or "-" or "*" or "/" or "%" or "||")
        {
            throw Error($"arithmetic and concatenation ({Peek.Text}) are not supported: select columns and aggregates as they are", Peek, unsupported: true);
        }
        return new SqlValue(null, name, null, 0, token.Position);
    }

    private SqlCondition Condition()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"conditions nest more than {MaxDepth} deep", Peek, unsupported: true);
        }
        var items = new List<SqlCondition> { Conjunction() };
        while (Accept("OR"))
        {
            items.Add(Conjunction());
        }
        _depth--;
        return items.Count == 1 ? items[0] : new SqlCondition.Or(items);
    }

    private SqlCondition Conjunction()
    {
        var items = new List<SqlCondition> { Negation() };
        while (Accept("AND"))
        {
            items.Add(Negation());
        }
        return items.Count == 1 ? items[0] : new SqlCondition.And(items);
    }

    private SqlCondition Negation()
    {
        if (Accept("NOT"))
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"conditions nest more than {MaxDepth} deep", Peek, unsupported: true);
            }
            var inner = Negation();
            _depth--;
            return new SqlCondition.Not(inner);
        }
        if (Peek.IsSymbol("(") && !Ahead.IsWord("SELECT"))
        {
            Take();
            var inner = Condition();
            ExpectSymbol(")", "expected ) to close the parenthesis");
            return inner;
        }
        return Predicate();
    }

    private SqlCondition Predicate()
    {
        if (Peek.Kind is SqlTokenKind.String or SqlTokenKind.Number || Peek.IsWord("TRUE") || Peek.IsWord("FALSE"))
        {
            throw Error("put the column first: column = value (a literal on the left, or two literals, is not supported)", Peek, unsupported: true);
        }
        var value = Value(allowAggregate: true);
        var token = Peek;
        if (Accept("IS"))
        {
            var negated = Accept("NOT");
            Expect("NULL", "expected NULL after IS (IS NULL or IS NOT NULL)");
            return new SqlCondition.IsNull(value, negated);
        }
        var not = Accept("NOT");
        if (Accept("IN"))
        {
            ExpectSymbol("(", "expected ( after IN");
            if (Peek.IsWord("SELECT"))
            {
                throw Error("subqueries are not supported", Peek, unsupported: true);
            }
            var literals = new List<SqlLiteral>();
            do
            {
                literals.Add(Literal());
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")", "expected ) to close the IN list");
            return new SqlCondition.In(value, literals, not);
        }
        if (Accept("BETWEEN"))
        {
            var low = Literal();
            Expect("AND", "expected AND in BETWEEN low AND high");
            return new SqlCondition.Between(value, low, Literal(), not);
        }
        if (Accept("LIKE"))
        {
            var pattern = Literal();
            if (pattern.Kind != "string")
            {
                throw Error("LIKE takes a quoted pattern such as 'abc%'", token, unsupported: false);
            }
            if (Peek.IsWord("ESCAPE"))
            {
                throw Error("LIKE ... ESCAPE is not supported", Peek, unsupported: true);
            }
            return new SqlCondition.Like(value, pattern, not);
        }
        if (not)
        {
            throw Error("expected IN, BETWEEN or LIKE after NOT", Peek, unsupported: false);
        }
        if (Peek.IsWord("ILIKE") || Peek.IsWord("SIMILAR") || Peek.IsWord("REGEXP") || Peek.IsWord("GLOB"))
        {
            throw Error($"{Peek.Text.ToUpperInvariant()} is not supported; LIKE is, and is case-insensitive", Peek, unsupported: true);
        }
        var op = Take();
        if (op.Kind != SqlTokenKind.Symbol || op.Text is not ("=" or "<>" or "!=" or "<" or "<=" or ">" or ">="))
        {
            throw Error($"expected a comparison (= <> != < <= > >=), IN, BETWEEN, LIKE or IS after {value.Describe()}, not {op.Describe()}", op, unsupported: false);
        }
        if (Peek.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName && !Peek.IsWord("NULL") && !Peek.IsWord("TRUE") && !Peek.IsWord("FALSE") && !Peek.IsWord("DATE") && !Peek.IsWord("TIMESTAMP"))
        {
            throw Error("compare a column with a value: comparing two columns is not supported", Peek, unsupported: true);
        }
        return new SqlCondition.Compare(value, op.Text == "!=" ? "<>" : op.Text, Literal());
    }

    /// <summary>'text', a number (with a sign), TRUE, FALSE, NULL, or DATE '…' / TIMESTAMP '…'.</summary>
    private SqlLiteral Literal()
    {
        var token = Take();
        if ((token.IsWord("DATE") || token.IsWord("TIMESTAMP")) && Peek.Kind == SqlTokenKind.String)
        {
            return new SqlLiteral("string", Take().Text, token.Position);
        }
        if (token.IsSymbol("-") || token.IsSymbol("+"))
        {
            var number = Take();
            if (number.Kind != SqlTokenKind.Number)
            {
                throw Error($"expected a number after {token.Text}", number, unsupported: false);
            }
            return new SqlLiteral("number", token.Text == "-" ? "-" + number.Text : number.Text, token.Position);
        }
        return token.Kind switch
        {
            SqlTokenKind.String => new SqlLiteral("string", token.Text, token.Position),
            SqlTokenKind.Number => new SqlLiteral("number", token.Text, token.Position),
            _ when token.IsWord("TRUE") || token.IsWord("FALSE") => new SqlLiteral("boolean", token.Text.ToLowerInvariant(), token.Position),
            _ when token.IsWord("NULL") => new SqlLiteral("null", "null", token.Position),
            _ when token.IsSymbol("(") && Peek.IsWord("SELECT") => throw Error("subqueries are not supported", token, unsupported: true),
            _ => throw Error($"expected a value ('text', a number, TRUE, FALSE or NULL), not {token.Describe()}", token, unsupported: false),
        };
    }

    private string Name(string what)
    {
        var token = Take();
        if (token.Kind == SqlTokenKind.QuotedName)
        {
            return token.Text;
        }
        if (token.Kind == SqlTokenKind.Word && !s_reserved.Contains(token.Text))
        {
            return token.Text;
        }
        throw Error($"expected {what}, not {token.Describe()}", token, unsupported: false);
    }

    private int Count(string clause)
    {
        var token = Take();
        if (token.Kind == SqlTokenKind.Number && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw Error($"{clause} takes a whole number, not {token.Describe()}", token, unsupported: false);
    }

    private bool Accept(string word)
    {
        if (!Peek.IsWord(word))
        {
            return false;
        }
        _next++;
        return true;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Peek.IsSymbol(symbol))
        {
            return false;
        }
        _next++;
        return true;
    }

    private void Expect(string word, string message)
    {
        if (!Accept(word))
        {
            throw Error($"{message}, not {Peek.Describe()}", Peek, unsupported: false);
        }
    }

    private void ExpectSymbol(string symbol, string message)
    {
        if (!AcceptSymbol(symbol))
        {
            throw Error($"{message}, not {Peek.Describe()}", Peek, unsupported: false);
        }
    }

    private static SqlException Error(string message, SqlToken at, bool unsupported) => new(message, at.Position, unsupported);
}
