using System.Globalization;
using Udc.Engine.Columns;

namespace Udc.Features.Export.Xlsx;

/// <summary>
/// Column widths sized to content: one pass over the exported rows before the sheet is written (widths come
/// before the rows in SpreadsheetML). Widths are in characters; UTF-8 length stands in for the character count
/// of text, which only widens non-Latin columns a little.
/// </summary>
internal static class ColumnWidths
{
    /// <summary>Excel's default is 8.43; narrower columns hide short headers.</summary>
    private const int MinWidth = 8;

    /// <summary>60 characters (about 420 px) leaves room for other columns on screen; longer text is still all in the cell.</summary>
    private const int MaxWidth = 60;

    /// <summary>Room for the filter button and a margin.</summary>
    private const int Padding = 2;

    public static int[] Measure(IReadOnlyList<Column> fields, ReadOnlySpan<int> rows)
    {
        var widths = new int[fields.Count];
        for (var c = 0; c < fields.Count; c++)
        {
            var content = Math.Max(fields[c].Name.Length, Longest(fields[c], rows));
            widths[c] = Math.Clamp(content + Padding, MinWidth, MaxWidth);
        }
        return widths;
    }

    private static int Longest(Column column, ReadOnlySpan<int> rows)
    {
        switch (column)
        {
            case TimestampColumn time:
                return time.DateOnly ? "yyyy-mm-dd".Length : "yyyy-mm-dd hh:mm:ss".Length;
            case BooleanColumn:
                return "FALSE".Length;
            case StringColumn text:
                var longest = 0;
                foreach (var row in rows)
                {
                    longest = Math.Max(longest, text.GetUtf8(row).Length);
                    if (longest >= MaxWidth)
                    {
                        break;
                    }
                }
                return longest;
            case Int64Column integers:
                var widest = 0;
                foreach (var row in rows)
                {
                    if (!integers.IsNull(row))
                    {
                        widest = Math.Max(widest, Digits(integers[row]));
                    }
                }
                return widest;
            case DoubleColumn reals:
                var width = 0;
                Span<char> scratch = stackalloc char[32];
                foreach (var row in rows)
                {
                    if (!reals.IsNull(row) && reals[row].TryFormat(scratch, out var written, "R", CultureInfo.InvariantCulture))
                    {
                        width = Math.Max(width, written);
                    }
                }
                return width;
            default:
                return 0;
        }
    }

    private static int Digits(long value)
    {
        var digits = value < 0 ? 2 : 1;
        for (var magnitude = value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value; magnitude >= 10; magnitude /= 10)
        {
            digits++;
        }
        return digits;
    }
}
