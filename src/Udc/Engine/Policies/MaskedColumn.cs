using System.Text;
using Udc.Engine.Columns;

namespace Udc.Engine.Policies;

/// <summary>
/// A column whose every value is replaced by what its policy shows (<see cref="ValueMasker"/>). Whatever its type, the
/// result is text: a masked amount cannot be summed, averaged or compared as a number, so no aggregate, sort or
/// filter on it recovers the amounts.
/// </summary>
internal static class MaskedColumn
{
    /// <summary>Up to 65,536 distinct shown values are dictionary-coded (a mask is one); more are stored as plain text.</summary>
    private const int MaxDictionaryEntries = 65_536;

    public static StringColumn Build(Column column, ColumnRule rule, ValueMasker masker)
    {
        var rowCount = column.RowCount;
        var shownOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<byte[]>();
        var codes = new int[rowCount];
        for (var row = 0; row < rowCount; row++)
        {
            if (column.FormatText(row) is not { } text)
            {
                codes[row] = DictionaryStringColumn.NullCode;
                continue;
            }
            var shown = masker.Apply(rule, text);
            if (!shownOf.TryGetValue(shown, out var code))
            {
                code = entries.Count;
                shownOf[shown] = code;
                entries.Add(Encoding.UTF8.GetBytes(shown));
            }
            codes[row] = code;
        }
        if (entries.Count <= MaxDictionaryEntries)
        {
            return new DictionaryStringColumn(column.Name, codes, [.. entries], column.Nulls);
        }
        var offsets = new int[rowCount + 1];
        using var blob = new MemoryStream();
        for (var row = 0; row < rowCount; row++)
        {
            if (codes[row] >= 0)
            {
                blob.Write(entries[codes[row]]);
            }
            offsets[row + 1] = (int)blob.Length;
        }
        return new PlainStringColumn(column.Name, blob.ToArray(), offsets, column.Nulls);
    }
}
