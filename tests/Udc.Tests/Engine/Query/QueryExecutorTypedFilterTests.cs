namespace Udc.Tests.Engine.Query;

/// <summary>Every operator on every column type, over data with nulls, compared with the same condition in LINQ.</summary>
public sealed class QueryExecutorTypedFilterTests(MixedDataFixture data) : IClassFixture<MixedDataFixture>
{
    private ReferenceTable Items => data.Reference;

    [Fact]
    public void Load_MixedData_EveryColumnHasNulls()
    {
        Assert.All(data.Items.Table.Columns.Where(c => c.Name != "item_id"), c => Assert.InRange(c.Nulls.NullCount, 30, 120));
        Assert.Equal(["Int64", "Int64", "Double", "Boolean", "String", "String", "Timestamp", "Timestamp"], data.Items.Table.Columns.Select(c => c.Type.ToString()));
    }

    [Theory]
    [InlineData("qty=7", "eq", 7)]
    [InlineData("qty__ne=7", "ne", 7)]
    [InlineData("qty__gt=20", "gt", 20)]
    [InlineData("qty__gte=20", "gte", 20)]
    [InlineData("qty__lt=-2", "lt", -2)]
    [InlineData("qty__lte=0", "lte", 0)]
    public void Execute_Int64OperatorWithNulls_NullsNeverMatch(string query, string op, long operand)
    {
        AssertMatches(query, r => Items.Int(r, "qty") is { } v && Compare(op, v.CompareTo(operand)));
    }

    [Theory]
    [InlineData("price__gt=100.5", "gt", 100.5)]
    [InlineData("price__gte=-10", "gte", -10)]
    [InlineData("price__lt=-25.25", "lt", -25.25)]
    [InlineData("price__lte=0", "lte", 0)]
    [InlineData("price__ne=0", "ne", 0)]
    [InlineData("price__gt=1e2", "gt", 100)]
    public void Execute_DoubleOperatorWithNulls_NullsNeverMatch(string query, string op, double operand)
    {
        AssertMatches(query, r => Items.Num(r, "price") is { } v && Compare(op, v.CompareTo(operand)));
    }

    [Fact]
    public void Execute_DoubleEqualityToExistingValues_MatchesThoseRows()
    {
        var values = Items.Rows.Select(r => Items.Num(r, "price")).OfType<double>().Where(v => v < 0).Take(3).ToArray();

        AssertMatches($"price={string.Join(',', values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}",
            r => Items.Num(r, "price") is { } v && values.Contains(v));
    }

    [Fact]
    public void Execute_BooleanOperators_MatchReference()
    {
        AssertMatches("paid=true", r => Items.Bool(r, "paid") == true);
        AssertMatches("paid=FALSE", r => Items.Bool(r, "paid") == false);
        AssertMatches("paid=true,false", r => Items.Bool(r, "paid") is not null);
        AssertMatches("paid__ne=true", r => Items.Bool(r, "paid") == false);
        AssertMatches("paid__isnull=true", r => Items.Bool(r, "paid") is null);
    }

    [Fact]
    public void Execute_DictionaryTextOperators_CaseInsensitiveAndNullsExcluded()
    {
        AssertMatches("region=SOUTH", r => Items.Str(r, "region") == "South");
        AssertMatches("region=east,West", r => Items.Str(r, "region") is "EAST" or "west");
        AssertMatches("region__ne=north", r => Items.Str(r, "region") is { } v && v != "north");
        AssertMatches("region__contains=ST", r => Items.Contains(r, "region", "st"));
        AssertMatches("region__startswith=we", r => Items.Str(r, "region") == "west");
        AssertMatches("region__isnull=true", r => Items.Str(r, "region") is null);
        AssertMatches("region__isnull=false", r => Items.Str(r, "region") is not null);
    }

    [Fact]
    public void Execute_NonAsciiCaseFolding_MatchesBothCases()
    {
        AssertMatches("region=ünterland", r => Items.Str(r, "region") == "Ünterland");
        AssertMatches("region__startswith=îLE-", r => Items.Str(r, "region") == "Île-de-France");
        AssertMatches("note__contains=DÉLTA", r => Items.Contains(r, "note", "délta"));
        AssertMatches("note__startswith=ωMEGA", r => Items.Str(r, "note")?.StartsWith("Ωmega", StringComparison.Ordinal) == true);
        AssertMatches("query=ÜNTER", r => Items.Str(r, "region") == "Ünterland" || Items.Contains(r, "note", "ünter"));
    }

    [Fact]
    public void Execute_PlainTextOperators_MatchReference()
    {
        var someNote = Items.Rows.Select(r => Items.Str(r, "note")).OfType<string>().First(n => n.StartsWith("beta", StringComparison.Ordinal));

        AssertMatches($"note={Uri.EscapeDataString(someNote.ToUpperInvariant())}", r => Items.Str(r, "note") == someNote);
        AssertMatches($"note__ne={Uri.EscapeDataString(someNote)}", r => Items.Str(r, "note") is { } v && v != someNote);
        AssertMatches("note__contains=note 1", r => Items.Contains(r, "note", "note 1"));
        AssertMatches("note__contains=late, really", r => Items.Contains(r, "note", "late, really"));
        AssertMatches("note__startswith=東京", r => Items.Str(r, "note")?.StartsWith("東京", StringComparison.Ordinal) == true);
        AssertMatches("note__isnull=true", r => Items.Str(r, "note") is null);
    }

    [Fact]
    public void Execute_FreeText_SearchesDictionaryAndPlainColumns()
    {
        AssertMatches("query=al", r => Items.Contains(r, "region", "al") || Items.Contains(r, "note", "al"));
        AssertMatches("query=EAST", r => Items.Contains(r, "region", "east") || Items.Contains(r, "note", "east"));
    }

    [Theory]
    [InlineData("due=2024-03-05", "eq")]
    [InlineData("due__ne=2024-03-05", "ne")]
    [InlineData("due__gt=2024-03-05", "gt")]
    [InlineData("due__gte=2024-03-05", "gte")]
    [InlineData("due__lt=2024-03-05", "lt")]
    [InlineData("due__lte=2024-03-05", "lte")]
    public void Execute_TimestampOperatorWithNulls_DayRangeAndNullsExcluded(string query, string op)
    {
        var (start, end) = ReferenceTable.Day("2024-03-05");

        AssertMatches(query, r => Items.Time(r, "due") is { } t && op switch
        {
            "eq" => t >= start && t <= end,
            "ne" => t < start || t > end,
            "gt" => t > end,
            "gte" => t >= start,
            "lt" => t < start,
            _ => t <= end,
        });
    }

    [Theory]
    [InlineData("day=2024-03-05", "eq")]
    [InlineData("day__ne=2024-03-05", "ne")]
    [InlineData("day__gt=2024-03-05", "gt")]
    [InlineData("day__gte=2024-03-05", "gte")]
    [InlineData("day__lt=2024-03-05", "lt")]
    [InlineData("day__lte=2024-03-05", "lte")]
    public void Execute_DateOnlyOperatorWithNulls_ComparesDays(string query, string op)
    {
        var (day, _) = ReferenceTable.Day("2024-03-05");

        AssertMatches(query, r => Items.Time(r, "day") is { } t && Compare(op, t.CompareTo(day)));
    }

    [Fact]
    public void Execute_IsNullOnEveryType_MatchesNullRows()
    {
        AssertMatches("qty__isnull=true", r => Items.Int(r, "qty") is null);
        AssertMatches("price__isnull=1", r => Items.Num(r, "price") is null);
        AssertMatches("due__isnull=yes", r => Items.Time(r, "due") is null);
        AssertMatches("day__isnull=false", r => Items.Time(r, "day") is not null);
        AssertMatches("item_id__isnull=true", r => false);
    }

    [Fact]
    public void Execute_DateRangeOnTimeColumnWithNulls_NullsExcluded()
    {
        var (start, _) = ReferenceTable.Day("2024-03-03");
        var (_, end) = ReferenceTable.Day("2024-03-09");

        AssertMatches("start_date=2024-03-03&end_date=2024-03-09", r => Items.Time(r, "due") is { } t && t >= start && t <= end);
    }

    [Fact]
    public void Execute_SeveralFiltersOnDifferentTypes_AllHold()
    {
        AssertMatches("qty__gte=0&price__lt=50&paid=true&region__ne=north&due__lt=2024-03-15",
            r => Items.Int(r, "qty") >= 0 && Items.Num(r, "price") < 50 && Items.Bool(r, "paid") == true
                && Items.Str(r, "region") is { } region && region != "north" && Items.Time(r, "due") < ReferenceTable.Day("2024-03-15").Start);
    }

    private static bool Compare(string op, int order) => op switch
    {
        "eq" => order == 0,
        "ne" => order != 0,
        "gt" => order > 0,
        "gte" => order >= 0,
        "lt" => order < 0,
        _ => order <= 0,
    };

    private void AssertMatches(string query, Func<int, bool> predicate)
    {
        var expected = Items.Rows.Where(predicate).ToList();

        var result = QueryRunner.Run(data.Items, query + "&sort=item_id&stream=true");

        Assert.True(expected.Count == result.Total, $"{query}: expected {expected.Count} rows, got {result.Total}");
        Assert.Equal(expected, result.Rows);
    }
}
