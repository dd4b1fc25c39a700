using System.Globalization;
using System.Text.RegularExpressions;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Sql;
using Udc.Tests.Engine.Analytics;

namespace Udc.Tests.Engine.Sql;

/// <summary>
/// Hundreds of statements of the SELECT subset, each run through the parser, the compiler and the engine and compared
/// with the same question answered here in plain C# (SQL's three-valued logic, UDC's case-insensitive text); and
/// statements outside the subset or malformed, injection-shaped text among them, each with the error it must get.
/// </summary>
public sealed class SqlStatementTests : IClassFixture<SqlStatementTests.Items>
{
    public sealed record Item(int Id, string Name, string? Status, double? Amount, DateTime Created, bool Flag);

    public sealed class Items : IDisposable
    {
        private static readonly string[] s_names = ["alpha", "Beta", "gamma", "delta", "Ébène", "bravo", "o'hara", "x_ray", "100% cotton", "abc"];
        private static readonly string[] s_statuses = ["open", "closed", "Pending"];

        public Items()
        {
            var random = new Random(3);
            Rows = [.. Enumerable.Range(1, 300).Select(i => new Item(
                i,
                s_names[random.Next(s_names.Length)] + (i % 4 == 0 ? "" : " " + i.ToString(CultureInfo.InvariantCulture)),
                i % 23 == 0 ? null : s_statuses[random.Next(s_statuses.Length)],
                i % 9 == 0 ? null : Math.Round(random.NextDouble() * 100, 2),
                new DateTime(2024, 1, 1).AddDays(random.Next(0, 90)),
                random.Next(2) == 0))];
            Fixture = new SeriesFixture(SeriesFixture.Json(Rows.Select(r => (IReadOnlyList<(string, object?)>)
            [
                ("id", r.Id), ("name", r.Name), ("status", r.Status), ("amount", r.Amount),
                ("created", r.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("flag", r.Flag ? "yes-flag" : "no-flag"),
            ])), "items");
        }

        public IReadOnlyList<Item> Rows { get; }

        internal SeriesFixture Fixture { get; }

        public void Dispose() => Fixture.Dispose();
    }

    private static readonly RequestOrigin s_origin = new(["body", "sql"], ["body", "sql"], []);

    private readonly Items _items;

    public SqlStatementTests(Items items) => _items = items;

    private static bool Eq(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool? Like(string? value, string pattern) =>
        value is null ? null : Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline);

    private static bool? Cmp(double? value, Func<double, bool> test) => value is { } v ? test(v) : null;

    private static bool? Not(bool? value) => value is null ? null : !value;

    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;

    /// <summary>Conditions in SQL and the same condition in C#, nulls unknown.</summary>
    private static readonly (string Sql, Func<Item, bool?> Test)[] s_atoms =
    [
        ("status = 'open'", r => r.Status is null ? null : Eq(r.Status, "open")),
        ("status = 'PENDING'", r => r.Status is null ? null : Eq(r.Status, "pending")),
        ("status <> 'closed'", r => r.Status is null ? null : !Eq(r.Status, "closed")),
        ("status != 'open'", r => r.Status is null ? null : !Eq(r.Status, "open")),
        ("status IN ('open', 'closed')", r => r.Status is null ? null : Eq(r.Status, "open") || Eq(r.Status, "closed")),
        ("status NOT IN ('open')", r => r.Status is null ? null : !Eq(r.Status, "open")),
        ("status IS NULL", r => r.Status is null),
        ("status IS NOT NULL", r => r.Status is not null),
        ("amount > 50", r => Cmp(r.Amount, v => v > 50)),
        ("amount >= 50.5", r => Cmp(r.Amount, v => v >= 50.5)),
        ("amount < 10", r => Cmp(r.Amount, v => v < 10)),
        ("amount <= 1e1", r => Cmp(r.Amount, v => v <= 10)),
        ("amount BETWEEN 20 AND 40", r => Cmp(r.Amount, v => v is >= 20 and <= 40)),
        ("amount NOT BETWEEN 20 AND 80", r => Cmp(r.Amount, v => v is < 20 or > 80)),
        ("amount IS NULL", r => r.Amount is null),
        ("amount = -1", r => Cmp(r.Amount, v => v == -1)),
        ("id < 100", r => r.Id < 100),
        ("id >= 250", r => r.Id >= 250),
        ("id IN (1, 2, 3, 299, 1000)", r => r.Id is 1 or 2 or 3 or 299),
        ("id <> 7", r => r.Id != 7),
        ("name LIKE 'a%'", r => Like(r.Name, "a%")),
        ("name LIKE '%ta%'", r => Like(r.Name, "%ta%")),
        ("name LIKE '_e%'", r => Like(r.Name, "_e%")),
        ("name LIKE '%5'", r => Like(r.Name, "%5")),
        ("name LIKE 'abc'", r => Like(r.Name, "abc")),
        ("name LIKE 'b%o%'", r => Like(r.Name, "b%o%")),
        ("name LIKE '%''%'", r => Like(r.Name, "%'%")),
        ("name NOT LIKE '%a%'", r => Not(Like(r.Name, "%a%"))),
        ("name = 'ÉBÈNE'", r => Eq(r.Name, "ébène")),
        ("created >= '2024-02-01'", r => r.Created >= new DateTime(2024, 2, 1)),
        ("created < DATE '2024-01-15'", r => r.Created < new DateTime(2024, 1, 15)),
        ("created = '2024-03-01'", r => r.Created == new DateTime(2024, 3, 1)),
        ("created BETWEEN '2024-01-10' AND '2024-01-20'", r => r.Created >= new DateTime(2024, 1, 10) && r.Created <= new DateTime(2024, 1, 20)),
        ("flag = 'yes-flag'", r => r.Flag),
    ];

    public static TheoryData<int> SingleAtoms() => [.. Enumerable.Range(0, s_atoms.Length)];

    public static TheoryData<int, int, string> PairsOfAtoms()
    {
        var data = new TheoryData<int, int, string>();
        for (var a = 0; a < s_atoms.Length; a += 2)
        {
            for (var b = 1; b < s_atoms.Length; b += 5)
            {
                data.Add(a, b, ((a + b) % 4) switch { 0 => "AND", 1 => "OR", 2 => "AND NOT", _ => "OR NOT" });
            }
        }
        return data;
    }

    public static TheoryData<int, int, int> TriplesOfAtoms()
    {
        var data = new TheoryData<int, int, int>();
        for (var a = 0; a < s_atoms.Length; a += 3)
        {
            data.Add(a, (a + 7) % s_atoms.Length, (a + 13) % s_atoms.Length);
        }
        return data;
    }

    private int[] Run(string sql)
    {
        using var result = SqlRunner.Run(_items.Fixture.Snapshot, SqlCompiler.Compile(SqlParser.Parse(sql)), RequestOrigin.QueryString);
        Assert.True(result.IsValid, string.Join("; ", result.Issues.Select(i => i.Msg)));
        var id = (Int64Column)_items.Fixture.Snapshot.Table.Find("id")!;
        return [.. result.Rows!.Rows.ToArray().Select(row => (int)id[row])];
    }

    private int[] Expected(Func<Item, bool?> test) => [.. _items.Rows.Where(r => test(r) == true).Select(r => r.Id).Order()];

    [Theory]
    [MemberData(nameof(SingleAtoms))]
    public void Where_OneCondition_SameRowsAsComputedHere(int atom)
    {
        var (sql, test) = s_atoms[atom];
        Assert.Equal(Expected(test), Run($"SELECT id FROM items WHERE {sql} ORDER BY id LIMIT 1000"));
        Assert.Equal(Expected(r => Not(test(r))), Run($"SELECT id FROM items WHERE NOT ({sql}) ORDER BY id LIMIT 1000"));
    }

    [Theory]
    [MemberData(nameof(PairsOfAtoms))]
    public void Where_TwoConditions_ThreeValuedLogicAsSql(int a, int b, string join)
    {
        var (left, testLeft) = s_atoms[a];
        var (right, testRight) = s_atoms[b];
        Func<Item, bool?> test = join switch
        {
            "AND" => r => And(testLeft(r), testRight(r)),
            "OR" => r => Or(testLeft(r), testRight(r)),
            "AND NOT" => r => And(testLeft(r), Not(testRight(r))),
            _ => r => Or(testLeft(r), Not(testRight(r))),
        };
        Assert.Equal(Expected(test), Run($"SELECT id FROM items WHERE {left} {join} {right} ORDER BY id LIMIT 1000"));
    }

    [Theory]
    [MemberData(nameof(TriplesOfAtoms))]
    public void Where_NestedConditions_ParenthesesAndPrecedence(int a, int b, int c)
    {
        var (x, tx) = s_atoms[a];
        var (y, ty) = s_atoms[b];
        var (z, tz) = s_atoms[c];
        // AND binds tighter than OR.
        Assert.Equal(Expected(r => Or(tx(r), And(ty(r), tz(r)))), Run($"select id from items where {x} or {y} and {z} order by id limit 1000"));
        Assert.Equal(Expected(r => And(Or(tx(r), ty(r)), Not(tz(r)))), Run($"SELECT id FROM items WHERE ({x} OR {y}) AND NOT ({z}) ORDER BY id LIMIT 1000"));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 10)]
    [InlineData(295, 10)]
    [InlineData(400, 10)]
    [InlineData(0, 0)]
    public void LimitOffset_WindowOfTheOrderedRows(int offset, int limit)
    {
        var expected = _items.Rows.OrderByDescending(r => r.Id).Skip(offset).Take(limit).Select(r => r.Id).ToArray();
        Assert.Equal(expected, Run($"SELECT id FROM items ORDER BY id DESC LIMIT {limit} OFFSET {offset}"));
    }

    [Fact]
    public void OrderBy_NullsLastAndTies_ByRowOrder()
    {
        var expected = _items.Rows.OrderBy(r => r.Amount is null).ThenBy(r => r.Amount).ThenBy(r => r.Id).Select(r => r.Id).ToArray();
        Assert.Equal(expected, Run("SELECT id, amount FROM items ORDER BY amount LIMIT 1000"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("WHERE amount > 30")]
    [InlineData("WHERE name LIKE '%a%' OR flag = 'yes-flag'")]
    public void GroupBy_CountSumAvgMinMax_AsComputedHere(string where)
    {
        var sql = $"SELECT status, COUNT(*) AS n, SUM(amount) AS total, AVG(amount), MIN(amount), MAX(id) FROM items {where} GROUP BY status ORDER BY status";
        var rows = _items.Rows.Where(where switch
        {
            "" => (Func<Item, bool>)(_ => true),
            "WHERE amount > 30" => r => r.Amount > 30,
            _ => r => Like(r.Name, "%a%") == true || r.Flag,
        }).ToList();
        var expected = rows.GroupBy(r => r.Status)
            .Select(g => (Status: g.Key, Count: g.Count(), Sum: g.Sum(r => r.Amount ?? 0), Avg: g.Where(r => r.Amount is not null).Average(r => r.Amount!.Value), Min: g.Min(r => r.Amount), Max: g.Max(r => r.Id)))
            .OrderBy(g => g.Status is null).ThenBy(g => g.Status, StringComparer.Ordinal).ToList();

        using var result = SqlRunner.Run(_items.Fixture.Snapshot, SqlCompiler.Compile(SqlParser.Parse(sql)), RequestOrigin.QueryString);

        Assert.True(result.IsValid, string.Join("; ", result.Issues.Select(i => i.Msg)));
        var groups = result.Groups!;
        var status = groups.Spec.GroupBy[0].Column;
        Assert.Equal(expected.Select(e => e.Status), groups.Groups.Select(g => status.FormatText(g.KeyRow)));
        Assert.Equal(expected.Select(e => (long)e.Count), groups.Groups.Select(g => (long)g.Values[0].Integer));
        Assert.Equal(expected.Select(e => e.Sum), groups.Groups.Select(g => g.Values[1].Real), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(expected.Select(e => e.Avg), groups.Groups.Select(g => g.Values[2].Real), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(expected.Select(e => e.Min!.Value), groups.Groups.Select(g => g.Values[3].Real), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(expected.Select(e => (long)e.Max), groups.Groups.Select(g => (long)g.Values[4].Integer));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(200)]
    public void Having_OnCountAndOnAHiddenAverage_KeepsGroupsAsComputedHere(int minimum)
    {
        var sql = $"SELECT date_trunc('week', created) AS week, COUNT(*) FROM items GROUP BY week HAVING COUNT(*) >= {minimum / 10} AND AVG(amount) > 45 ORDER BY COUNT(*) DESC, week";
        var expected = _items.Rows.GroupBy(r => r.Created.Date.AddDays(-(((int)r.Created.DayOfWeek + 6) % 7)))
            .Where(g => g.Count() >= minimum / 10 && g.Where(r => r.Amount is not null).Average(r => r.Amount!.Value) > 45)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();

        using var result = SqlRunner.Run(_items.Fixture.Snapshot, SqlCompiler.Compile(SqlParser.Parse(sql)), RequestOrigin.QueryString);

        Assert.True(result.IsValid, string.Join("; ", result.Issues.Select(i => i.Msg)));
        var week = result.Groups!.Spec.GroupBy[0];
        Assert.Equal(expected.Select(e => new DateTimeOffset(e.Key, TimeSpan.Zero).ToUnixTimeMilliseconds()), result.Groups.Groups.Select(g => week.KeyOf(g.KeyRow)));
        Assert.Equal(expected.Select(e => (long)e.Item2), result.Groups.Groups.Select(g => (long)g.Values[0].Integer));
    }

    [Fact]
    public void Distinct_IsGroupingWithoutMetrics()
    {
        using var result = SqlRunner.Run(_items.Fixture.Snapshot, SqlCompiler.Compile(SqlParser.Parse("SELECT DISTINCT status FROM items ORDER BY 1")), RequestOrigin.QueryString);
        Assert.True(result.IsValid);
        Assert.Equal(4, result.Groups!.TotalGroups);
        Assert.All(result.Groups.Spec.Metrics, m => Assert.True(m.Hidden));
    }

    /// <summary>Statements that must be refused, a fragment of the message and whether it is outside the subset or malformed.</summary>
    public static TheoryData<string, string, string> Refused() => new()
    {
        { "", "empty", "sql_syntax" },
        { "   -- just a comment", "empty", "sql_syntax" },
        { "DELETE FROM items", "only SELECT", "sql_unsupported" },
        { "DROP TABLE items", "only SELECT", "sql_unsupported" },
        { "INSERT INTO items VALUES (1)", "only SELECT", "sql_unsupported" },
        { "UPDATE items SET name = 'x'", "only SELECT", "sql_unsupported" },
        { "CREATE TABLE x (a int)", "only SELECT", "sql_unsupported" },
        { "ATTACH 'other.db'", "only SELECT", "sql_unsupported" },
        { "COPY items TO '/tmp/x.csv'", "only SELECT", "sql_unsupported" },
        { "PRAGMA table_info(items)", "only SELECT", "sql_unsupported" },
        { "WITH t AS (SELECT 1) SELECT * FROM t", "WITH", "sql_unsupported" },
        { "SELECT * FROM items; DROP TABLE items", "one statement", "sql_unsupported" },
        { "SELECT * FROM items; SELECT * FROM items", "one statement", "sql_unsupported" },
        { "SELECT * FROM items WHERE name = 'x'; DROP TABLE items; --'", "one statement", "sql_unsupported" },
        { "SELECT * FROM items WHERE name = '' OR '1'='1'", "column first", "sql_unsupported" },
        { "SELECT * FROM items WHERE id = 1 OR 1 = 1", "column first", "sql_unsupported" },
        { "SELECT * FROM items WHERE name = 'a' UNION SELECT * FROM secrets", "UNION", "sql_unsupported" },
        { "SELECT * FROM items UNION ALL SELECT * FROM items", "UNION", "sql_unsupported" },
        { "SELECT * FROM items, secrets", "one source", "sql_unsupported" },
        { "SELECT * FROM items JOIN secrets ON items.id = secrets.id", "one source", "sql_unsupported" },
        { "SELECT * FROM items i", "alias", "sql_unsupported" },
        { "SELECT * FROM main.items", "schema", "sql_unsupported" },
        { "SELECT * FROM (SELECT * FROM items)", "expected a source name", "sql_syntax" },
        { "SELECT * FROM items WHERE id IN (SELECT id FROM secrets)", "subqueries", "sql_unsupported" },
        { "SELECT * FROM items WHERE id = (SELECT 1)", "subqueries", "sql_unsupported" },
        { "SELECT id + 1 FROM items", "arithmetic", "sql_unsupported" },
        { "SELECT name || 'x' FROM items", "concatenation", "sql_unsupported" },
        { "SELECT upper(name) FROM items", "function upper", "sql_unsupported" },
        { "SELECT load_extension('x') FROM items", "function load_extension", "sql_unsupported" },
        { "SELECT COUNT(DISTINCT status) FROM items", "DISTINCT", "sql_unsupported" },
        { "SELECT COUNT(name) FROM items", "COUNT(column)", "sql_unsupported" },
        { "SELECT SUM(*) FROM items", "SUM(*)", "sql_syntax" },
        { "SELECT AVG(amount) OVER () FROM items", "OVER", "sql_unsupported" },
        { "SELECT CASE WHEN id > 1 THEN 1 END FROM items", "CASE", "sql_unsupported" },
        { "SELECT CAST(id AS TEXT) FROM items", "CAST", "sql_unsupported" },
        { "SELECT * FROM items WHERE name ILIKE 'a%'", "ILIKE", "sql_unsupported" },
        { "SELECT * FROM items WHERE name LIKE 'a%' ESCAPE '!'", "ESCAPE", "sql_unsupported" },
        { "SELECT * FROM items WHERE name = NULL", "IS NULL", "sql_syntax" },
        { "SELECT * FROM items WHERE id IN (1, NULL)", "IS NULL", "sql_syntax" },
        { "SELECT * FROM items WHERE id = amount", "two columns", "sql_unsupported" },
        { "SELECT * FROM items WHERE id", "expected a comparison", "sql_syntax" },
        { "SELECT * FROM items WHERE", "expected a column", "sql_syntax" },
        { "SELECT * FROM items WHERE id = ", "expected a value", "sql_syntax" },
        { "SELECT * FROM items WHERE (id = 1", "expected )", "sql_syntax" },
        { "SELECT * FROM items WHERE name = 'unterminated", "not closed", "sql_syntax" },
        { "SELECT * FROM items WHERE \"name = 'x'", "not closed", "sql_syntax" },
        { "SELECT * FROM items /* open comment", "not closed", "sql_syntax" },
        { "SELECT * FROM items WHERE id = 1 @", "unexpected character", "sql_syntax" },
        { "SELECT * FROM items WHERE id = 1 #", "unexpected character", "sql_syntax" },
        { "SELECT * FROM items WHERE id NOT 5", "expected IN, BETWEEN or LIKE", "sql_syntax" },
        { "SELECT * FROM items WHERE id BETWEEN 1", "expected AND", "sql_syntax" },
        { "SELECT * FROM items WHERE id IS 5", "expected NULL", "sql_syntax" },
        { "SELECT * FROM items WHERE COUNT(*) > 1", "HAVING", "sql_syntax" },
        { "SELECT * FROM items GROUP BY status", "SELECT *", "sql_unsupported" },
        { "SELECT name, COUNT(*) FROM items GROUP BY status", "GROUP BY", "sql_syntax" },
        { "SELECT status, COUNT(*) FROM items GROUP BY status HAVING id > 1", "HAVING compares aggregates", "sql_unsupported" },
        { "SELECT status FROM items HAVING COUNT(*) > 1", "must appear in GROUP BY", "sql_syntax" },
        { "SELECT status, COUNT(*) FROM items GROUP BY COUNT(*)", "cannot be grouped", "sql_unsupported" },
        { "SELECT id FROM items ORDER BY COUNT(*)", "GROUP BY", "sql_unsupported" },
        { "SELECT id FROM items ORDER BY 3", "select items", "sql_syntax" },
        { "SELECT id FROM items ORDER BY id NULLS FIRST", "NULLS FIRST", "sql_unsupported" },
        { "SELECT id FROM items LIMIT -1", "whole number", "sql_syntax" },
        { "SELECT id FROM items LIMIT 'ten'", "whole number", "sql_syntax" },
        { "SELECT id FROM items LIMIT 1.5", "whole number", "sql_syntax" },
        { "SELECT date_trunc('year', created) FROM items GROUP BY 1", "date_trunc takes", "sql_unsupported" },
        { "SELECT date_trunc(created) FROM items", "date_trunc takes", "sql_syntax" },
        { "SELECT date_trunc('week', created) FROM items", "GROUP BY", "sql_unsupported" },
        { "SELECT * FROM items WHERE date_trunc('day', created) = '2024-01-01'", "not one", "sql_unsupported" },
        { "SELECT FROM items", "expected a column", "sql_syntax" },
        { "SELECT id items", "expected FROM", "sql_syntax" },
        { "SELECT id FROM", "expected a source name", "sql_syntax" },
        { "SELECT id FROM select", "expected a source name", "sql_syntax" },
        { "SELECT items.id FROM items", "qualified", "sql_unsupported" },
        { "SELECT id FROM items WINDOW w AS ()", "WINDOW", "sql_unsupported" },
        { "SELECT id FROM items WHERE name SIMILAR TO 'a'", "SIMILAR", "sql_unsupported" },
        { "SELECT id FROM items WHERE 'a' = name", "column first", "sql_unsupported" },
        { "SELECT DISTINCT status, COUNT(*) FROM items", "DISTINCT with aggregates", "sql_unsupported" },
        { "EXPLAIN SELECT * FROM items", "a statement starts with SELECT", "sql_syntax" },
        { "select * from items where id = 1 or 1", "column first", "sql_unsupported" },
        { new string('(', 40) + "SELECT", "a statement starts with SELECT", "sql_syntax" },
        { "SELECT id FROM items WHERE " + string.Concat(Enumerable.Repeat("NOT ", 40)) + "id = 1", "nest", "sql_unsupported" },
        { "SELECT id FROM items WHERE " + new string('(', 40) + "id = 1" + new string(')', 40), "nest", "sql_unsupported" },
        { "SELECT * FROM items WHERE name = 'x' " + new string(' ', 10_000), "longer than", "sql_syntax" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Parse_OutsideTheSubsetOrMalformed_RefusedWithWhatIsSupported(string sql, string fragment, string type)
    {
        var error = Assert.Throws<SqlException>(() => SqlCompiler.Compile(SqlParser.Parse(sql)));
        Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(type == "sql_unsupported", error.Unsupported);
        Assert.InRange(error.Position, 0, sql.Length);
    }

    /// <summary>Statements that parse but name what the source does not have: the binders say what it has.</summary>
    [Theory]
    [InlineData("SELECT nope FROM items", "unknown column 'nope'")]
    [InlineData("SELECT id FROM items WHERE nope = 1", "unknown column 'nope'")]
    [InlineData("SELECT id FROM items WHERE amount = 'lots'", "not a valid number")]
    [InlineData("SELECT id FROM items WHERE id > 'x'", "not a valid integer")]
    [InlineData("SELECT id FROM items WHERE created > 'yesterday'", "not a date")]
    [InlineData("SELECT id FROM items WHERE amount LIKE '1%'", "is not valid for amount (number)")]
    [InlineData("SELECT AVG(name) FROM items", "avg needs a numeric column")]
    [InlineData("SELECT date_trunc('day', name), COUNT(*) FROM items GROUP BY 1", "cannot be cut into days")]
    [InlineData("SELECT id FROM items LIMIT 5000", "less than or equal to 1000")]
    [InlineData("SELECT status, COUNT(*) FROM items GROUP BY status LIMIT 5000", "from 1 to 1000")]
    public void Run_NamesTheSourceDoesNotHave_IssuesSayWhatIsValid(string sql, string fragment)
    {
        string message;
        try
        {
            using var result = SqlRunner.Run(_items.Fixture.Snapshot, SqlCompiler.Compile(SqlParser.Parse(sql)), s_origin);
            Assert.False(result.IsValid);
            Assert.All(result.Issues, i => Assert.Equal(["body", "sql"], i.Loc.Take(2)));
            message = string.Join("; ", result.Issues.Select(i => i.Msg));
        }
        catch (SqlException e)
        {
            message = e.Message;
        }
        Assert.Contains(fragment, message, StringComparison.Ordinal);
    }

    /// <summary>Text that looks like an attack inside a string literal is only a value: it matches nothing and runs nothing.</summary>
    [Theory]
    [InlineData("SELECT id FROM items WHERE name = 'x''; DROP TABLE items; --'")]
    [InlineData("SELECT id FROM items WHERE name = ''' OR ''1''=''1'")]
    [InlineData("SELECT id FROM items WHERE name LIKE '%''; DELETE FROM items; --%'")]
    [InlineData("SELECT id FROM items WHERE status IN ('open'') OR 1=1 --')")]
    [InlineData("SELECT id FROM items WHERE name = 'Robert''); DROP TABLE Students;--'")]
    public void Where_InjectionShapedLiteral_IsAValueThatMatchesNothing(string sql) => Assert.Empty(Run(sql));

    [Fact]
    public void Comments_AreSkipped_ACommentedOutTailChangesNothing()
    {
        Assert.Equal(Expected(r => r.Id < 5), Run("SELECT id -- the ids\nFROM items /* all of them */ WHERE id < 5 -- OR 1=1\nORDER BY id"));
    }

    [Fact]
    public void Aliases_AndQuotedNames_NameTheOutput()
    {
        var plan = SqlCompiler.Compile(SqlParser.Parse("SELECT \"name\" AS who, id FROM \"items\" ORDER BY who LIMIT 3"));
        Assert.Equal(["who", "id"], plan.Outputs!.Select(o => o.Name));
        Assert.Equal(["name"], plan.Rows.Sort);
    }
}
