using System.Buffers;

namespace Udc.Engine.Columns;

/// <summary>
/// A column's values lower-cased and joined with a separator byte, so a substring search is one vectorised
/// <c>IndexOf</c> over the whole column instead of one call per row.
/// </summary>
internal sealed class FoldedText
{
    /// <summary>NUL never occurs inside a search term (those are rejected), so a match cannot span two rows.</summary>
    public const byte Separator = 0;

    private FoldedText(byte[] blob, int[] starts)
    {
        Blob = blob;
        Starts = starts;
    }

    /// <summary>Folded values, each followed by <see cref="Separator"/>.</summary>
    public byte[] Blob { get; }

    /// <summary>rowCount + 1 start offsets into <see cref="Blob"/>.</summary>
    public int[] Starts { get; }

    public static FoldedText Build(StringColumn column)
    {
        var writer = new ArrayBufferWriter<byte>(Math.Max(256, column.RowCount * 16));
        var starts = new int[column.RowCount + 1];
        for (var row = 0; row < column.RowCount; row++)
        {
            starts[row] = writer.WrittenCount;
            TextFolding.Fold(column.GetUtf8(row), writer);
            writer.GetSpan(1)[0] = Separator;
            writer.Advance(1);
        }
        starts[column.RowCount] = writer.WrittenCount;
        return new FoldedText(writer.WrittenSpan.ToArray(), starts);
    }

    /// <summary>The row whose folded value contains the byte at <paramref name="position"/>.</summary>
    public int RowAt(int position)
    {
        var index = Array.BinarySearch(Starts, position);
        return index >= 0 ? index : ~index - 1;
    }
}
