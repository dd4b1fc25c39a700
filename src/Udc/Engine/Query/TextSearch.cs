using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>Case-insensitive matching of text columns, for free-text search and the text operators.</summary>
internal static class TextSearch
{
    public enum Mode
    {
        Equals,
        Contains,
        StartsWith,
    }

    /// <summary>Sets (ORs) the bit of every row of <paramref name="column"/> whose value matches.</summary>
    public static void Match(StringColumn column, ReadOnlySpan<byte> foldedNeedle, Mode mode, Span<ulong> mask)
    {
        if (column is DictionaryStringColumn dictionary)
        {
            MatchDictionary(dictionary, foldedNeedle, mode, mask);
        }
        else
        {
            MatchFolded(((PlainStringColumn)column).Folded, foldedNeedle, mode, mask);
        }
    }

    /// <summary>Tests each distinct value once, then marks rows by code.</summary>
    private static void MatchDictionary(DictionaryStringColumn column, ReadOnlySpan<byte> foldedNeedle, Mode mode, Span<ulong> mask)
    {
        var needle = System.Text.Encoding.UTF8.GetString(foldedNeedle);
        Span<bool> accepted = column.DistinctCount <= 1024 ? stackalloc bool[column.DistinctCount] : new bool[column.DistinctCount];
        var any = false;
        for (var code = 0; code < accepted.Length; code++)
        {
            var entry = column.FoldedEntries[code];
            accepted[code] = mode switch
            {
                Mode.Equals => entry == needle,
                Mode.Contains => entry.Contains(needle, StringComparison.Ordinal),
                _ => entry.StartsWith(needle, StringComparison.Ordinal),
            };
            any |= accepted[code];
        }
        if (!any)
        {
            return;
        }
        var codes = column.Codes;
        for (var row = 0; row < codes.Length; row++)
        {
            var code = codes[row];
            if (code >= 0 && accepted[code])
            {
                mask[row >> 6] |= 1UL << row;
            }
        }
    }

    /// <summary>
    /// One vectorised IndexOf over the whole folded column. After a hit the search resumes at the next row,
    /// and the row cursor only moves forward, so the cost is one pass whatever the number of hits.
    /// </summary>
    private static void MatchFolded(FoldedText folded, ReadOnlySpan<byte> needle, Mode mode, Span<ulong> mask)
    {
        var blob = folded.Blob.AsSpan();
        var starts = folded.Starts;
        var rowCount = starts.Length - 1;
        var row = 0;
        var position = 0;
        while (row < rowCount)
        {
            var hit = needle.IsEmpty ? 0 : blob[position..].IndexOf(needle);
            if (hit < 0)
            {
                return;
            }
            var at = position + hit;
            while (starts[row + 1] <= at)
            {
                row++;
            }
            var valueEnd = starts[row + 1] - 1;
            var matches = mode switch
            {
                Mode.Equals => at == starts[row] && at + needle.Length == valueEnd,
                Mode.StartsWith => at == starts[row],
                _ => true,
            };
            if (matches)
            {
                mask[row >> 6] |= 1UL << row;
                row++;
                position = row < rowCount ? starts[row] : blob.Length;
            }
            else
            {
                // Equals and StartsWith only match at a value's start: skip to the next value.
                position = mode == Mode.Contains ? at + 1 : starts[++row];
            }
        }
    }
}
