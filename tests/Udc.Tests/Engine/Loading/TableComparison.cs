using Udc.Engine.Columns;

namespace Udc.Tests.Engine.Loading;

/// <summary>Asserts that two tables are the same to the last detail a query or a response can see.</summary>
internal static class TableComparison
{
    public static void AssertIdentical(Table expected, Table actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.IsNested, actual.IsNested);
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        for (var i = 0; i < expected.Columns.Count; i++)
        {
            AssertIdentical(expected.Columns[i], actual.Columns[i]);
        }
    }

    private static void AssertIdentical(Column expected, Column actual)
    {
        var name = expected.Name;
        Assert.True(expected.GetType() == actual.GetType(), $"column {name}: {expected.GetType().Name} expected, {actual.GetType().Name} built");
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Nulls.NullCount, actual.Nulls.NullCount);
        Assert.True(expected.Nulls.Bits.SequenceEqual(actual.Nulls.Bits), $"column {name}: null masks differ");
        switch (expected)
        {
            case DictionaryStringColumn dictionary:
                var other = (DictionaryStringColumn)actual;
                Assert.Equal(dictionary.Entries, other.Entries);
                Assert.True(dictionary.Codes.SequenceEqual(other.Codes), $"column {name}: codes differ");
                break;
            case StringColumn text:
                for (var row = 0; row < text.RowCount; row++)
                {
                    Assert.True(text.GetUtf8(row).SequenceEqual(((StringColumn)actual).GetUtf8(row)), $"column {name}, row {row}: text differs");
                }
                break;
            case TimestampColumn time:
                Assert.Equal(time.DateOnly, ((TimestampColumn)actual).DateOnly);
                Assert.True(time.Values.SequenceEqual(((TimestampColumn)actual).Values), $"column {name}: instants differ");
                break;
            case Int64Column integers:
                Assert.True(integers.Values.SequenceEqual(((Int64Column)actual).Values), $"column {name}: values differ");
                break;
            case DoubleColumn doubles:
                Assert.True(doubles.Values.SequenceEqual(((DoubleColumn)actual).Values), $"column {name}: values differ");
                break;
            case BooleanColumn booleans:
                Assert.True(booleans.Values.SequenceEqual(((BooleanColumn)actual).Values), $"column {name}: values differ");
                break;
        }
    }
}
