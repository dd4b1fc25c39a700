namespace Udc.Engine.Loading;

/// <summary>
/// Where a file can be cut into chunks that hold whole records, found without parsing: before an object that
/// follows <c>},</c> and a line end in a top-level JSON array, at the start of an NDJSON line that opens an object
/// after one that closed one, or after a CSV line end that is outside quotes. A cut is still a guess until the
/// chunk before it parses to exactly its end (a malformed file can put a line end inside a string); a chunk that
/// does not makes the file be read in one piece.
/// </summary>
/// <remarks>A plan is the chunks' start offsets followed by the end of the last chunk.</remarks>
internal static class RecordChunks
{
    private static ReadOnlySpan<byte> WhiteSpace => " \t\r\n"u8;

    /// <summary>Cuts of <c>[ {...}, {...} ]</c>, the first chunk starting after the bracket and the last ending before its pair; null when the document is not an array.</summary>
    public static int[]? JsonArray(ReadOnlySpan<byte> json, int count)
    {
        var first = json.IndexOfAnyExcept(WhiteSpace);
        var last = json.LastIndexOfAnyExcept(WhiteSpace);
        if (first < 0 || json[first] != '[' || last <= first || json[last] != ']')
        {
            return null;
        }
        var finder = new ArrayElementFinder();
        return Plan(json, first + 1, last, count, ref finder);
    }

    /// <summary>Cuts of NDJSON whose records are objects; null when it does not start with one.</summary>
    public static int[]? JsonLines(ReadOnlySpan<byte> json, int count)
    {
        var first = json.IndexOfAnyExcept(WhiteSpace);
        if (first < 0 || json[first] != '{')
        {
            return null;
        }
        var finder = new ObjectLineFinder();
        return Plan(json, 0, json.Length, count, ref finder);
    }

    /// <summary>Cuts of RFC 4180 CSV.</summary>
    public static int[] Csv(ReadOnlySpan<byte> csv, int count)
    {
        var finder = new CsvLineFinder();
        return Plan(csv, 0, csv.Length, count, ref finder);
    }

    private static int[] Plan<TFinder>(ReadOnlySpan<byte> data, int start, int end, int count, ref TFinder finder)
        where TFinder : struct, ICutFinder
    {
        var cuts = new List<int>(count + 1) { start };
        for (var k = 1; k < count; k++)
        {
            var target = start + (int)((long)(end - start) * k / count);
            if (target <= cuts[^1])
            {
                continue;
            }
            var cut = finder.Next(data, target, end);
            if (cut < 0)
            {
                break;
            }
            if (cut > cuts[^1] && cut < end)
            {
                cuts.Add(cut);
            }
        }
        cuts.Add(end);
        return [.. cuts];
    }

    private interface ICutFinder
    {
        /// <summary>The first cut at or after <paramref name="from"/>, or -1. Called with rising <paramref name="from"/>.</summary>
        int Next(ReadOnlySpan<byte> data, int from, int end);
    }

    /// <summary>
    /// A cut whose <c>},</c> and <c>{</c> are on two lines cannot be inside a string, where a line end is always
    /// escaped: pretty-printed arrays are cut only there. A file with no line end after the target (minified) is
    /// cut at the next <c>},{</c>, which a string can hold, and which the chunks' parse then proves or refutes.
    /// </summary>
    private struct ArrayElementFinder : ICutFinder
    {
        public readonly int Next(ReadOnlySpan<byte> json, int from, int end)
        {
            var position = from;
            var sawLineEnd = false;
            while (position < end && json[position..end].IndexOf((byte)'\n') is var next and >= 0)
            {
                sawLineEnd = true;
                var lineEnd = position + next;
                var before = json[..lineEnd].LastIndexOfAnyExcept(WhiteSpace);
                var after = json[lineEnd..end].IndexOfAnyExcept(WhiteSpace) is var a and >= 0 ? lineEnd + a : -1;
                if (before >= 0 && after >= 0)
                {
                    if (json[before] == ',' && json[after] == '{' && PreviousIs(json, before, (byte)'}'))
                    {
                        return after;
                    }
                    if (json[before] == '}' && json[after] == ',' && json[(after + 1)..end].IndexOfAnyExcept(WhiteSpace) is var b and >= 0 && json[after + 1 + b] == '{')
                    {
                        return after + 1 + b;
                    }
                }
                position = lineEnd + 1;
            }
            return sawLineEnd ? -1 : NextOnSameLine(json, from, end);
        }

        private static int NextOnSameLine(ReadOnlySpan<byte> json, int from, int end)
        {
            var position = from;
            while (position < end && json[position..end].IndexOf((byte)'{') is var next and >= 0)
            {
                var brace = position + next;
                var comma = json[..brace].LastIndexOfAnyExcept(WhiteSpace);
                if (comma > 0 && json[comma] == ',' && PreviousIs(json, comma, (byte)'}'))
                {
                    return brace;
                }
                position = brace + 1;
            }
            return -1;
        }

        private static bool PreviousIs(ReadOnlySpan<byte> json, int index, byte expected) =>
            json[..index].LastIndexOfAnyExcept(WhiteSpace) is var previous and >= 0 && json[previous] == expected;
    }

    private struct ObjectLineFinder : ICutFinder
    {
        public readonly int Next(ReadOnlySpan<byte> json, int from, int end)
        {
            var position = from;
            while (position < end && json[position..end].IndexOf((byte)'\n') is var next and >= 0)
            {
                var lineStart = position + next + 1;
                var open = json[lineStart..end].IndexOfAnyExcept(WhiteSpace);
                var close = json[..lineStart].LastIndexOfAnyExcept(WhiteSpace);
                if (open >= 0 && json[lineStart + open] == '{' && close >= 0 && json[close] == '}')
                {
                    return lineStart;
                }
                position = lineStart;
            }
            return -1;
        }
    }

    /// <summary>
    /// Quotes come in pairs outside a quoted field (an escaped quote is two), so a line end is outside quotes exactly
    /// when the quotes before it are even in number. They are counted once over the file, vectorised.
    /// </summary>
    private struct CsvLineFinder : ICutFinder
    {
        private int _counted;
        private long _quotes;

        public int Next(ReadOnlySpan<byte> csv, int from, int end)
        {
            from = Math.Max(from, _counted);
            _quotes += csv[_counted..from].Count((byte)'"');
            var position = from;
            while (position < end && csv[position..end].IndexOfAny((byte)'"', (byte)'\n') is var next and >= 0)
            {
                position += next;
                if (csv[position] == '"')
                {
                    _quotes++;
                }
                else if (_quotes % 2 == 0)
                {
                    _counted = position + 1;
                    return position + 1;
                }
                position++;
            }
            _counted = position;
            return -1;
        }
    }
}
