using System.Buffers;
using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query;

/// <summary>Case-insensitive matching of text columns, for free-text search and the text operators.</summary>
internal static class TextSearch
{
    public enum Mode
    {
        Equals,
        Contains,
        StartsWith,
        Like,
    }

    /// <summary>Sets (ORs) the bit of every row of <paramref name="column"/> whose value matches.</summary>
    /// <param name="scratch">Space for one more mask, as long as <paramref name="mask"/>.</param>
    public static void Match(StringColumn column, ReadOnlySpan<byte> foldedNeedle, Mode mode, Span<ulong> mask, Span<ulong> scratch)
    {
        if (column is DictionaryStringColumn dictionary)
        {
            MatchDictionary(dictionary, foldedNeedle, mode, mask, scratch);
        }
        else if (mode == Mode.Like)
        {
            MatchEach(((PlainStringColumn)column).Folded, foldedNeedle, mask);
        }
        else
        {
            MatchFolded(((PlainStringColumn)column).Folded, foldedNeedle, mode, mask);
        }
    }

    /// <summary>A pattern cannot be one IndexOf: each folded value is matched on its own.</summary>
    private static void MatchEach(FoldedText folded, ReadOnlySpan<byte> pattern, Span<ulong> mask)
    {
        var blob = folded.Blob.AsSpan();
        var starts = folded.Starts;
        for (var row = 0; row < starts.Length - 1; row++)
        {
            if (LikePattern.Matches(blob[starts[row]..(starts[row + 1] - 1)], pattern))
            {
                mask[row >> 6] |= 1UL << row;
            }
        }
    }

    /// <summary>
    /// Tests each distinct value once, then marks rows by code with a vectorised pass: one code (the usual
    /// <c>status=open</c>) is a SIMD compare of the codes, several are a table look-up per row.
    /// </summary>
    private static void MatchDictionary(DictionaryStringColumn column, ReadOnlySpan<byte> foldedNeedle, Mode mode, Span<ulong> mask, Span<ulong> scratch)
    {
        var entries = column.FoldedUtf8Entries;
        var rented = ArrayPool<bool>.Shared.Rent(entries.Length);
        try
        {
            var accepted = rented.AsSpan(0, entries.Length);
            var matches = 0;
            var lastMatch = -1;
            for (var code = 0; code < entries.Length; code++)
            {
                var entry = entries[code].AsSpan();
                var isMatch = mode switch
                {
                    Mode.Equals => entry.SequenceEqual(foldedNeedle),
                    Mode.Contains => entry.IndexOf(foldedNeedle) >= 0,
                    Mode.Like => LikePattern.Matches(entry, foldedNeedle),
                    _ => entry.StartsWith(foldedNeedle),
                };
                accepted[code] = isMatch;
                if (isMatch)
                {
                    matches++;
                    lastMatch = code;
                }
            }
            if (matches == 0)
            {
                return;
            }
            if (matches == 1)
            {
                MaskKernels.Compare<int, Equal>(column.Codes, lastMatch, scratch);
            }
            else
            {
                MaskKernels.CodeIn(column.Codes, accepted, scratch);
            }
            MaskKernels.Or(mask, scratch);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(rented);
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
