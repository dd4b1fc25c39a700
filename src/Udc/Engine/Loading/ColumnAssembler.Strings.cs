using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>Text columns: dictionary-encoded when few values repeat, else one blob.</summary>
internal static partial class ColumnAssembler
{
    /// <summary>
    /// A string column is dictionary-encoded while it has at most this many distinct values (and no more than
    /// one per two rows): 65,536 codes keep the dictionary in L2 cache and cover every status-like column.
    /// </summary>
    private const int MaxDictionaryEntries = 65_536;

    private static StringColumn BuildString(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        var maxEntries = Math.Min(MaxDictionaryEntries, Math.Max(1, rowCount / 2));
        return (StringColumn?)TryBuildDictionary(name, parts, rowCount, nulls, maxEntries) ?? BuildPlain(name, parts, rowCount, nulls);
    }

    /// <summary>
    /// Each chunk codes its rows against a dictionary of its own, in parallel; the dictionaries are then merged in
    /// chunk order, so a value's code is its rank of first appearance in the file, and each chunk's codes are
    /// remapped to the merged ones. The first chunk's codes are already the merged ones.
    /// </summary>
    /// <remarks>
    /// The first chunk is coded first, alone. When it already holds many values (more than one per four rows: a
    /// subject, a name), the column most likely has too many for a dictionary, and the other chunks are coded in file
    /// order through the first one's dictionary, which stops at the first value too many, as a one-piece read does:
    /// coded in parallel, every chunk would code all its rows before the merge found out. On the seeded tickets'
    /// subjects (224,068 values) that is a quarter of the parallel load's work saved.
    /// </remarks>
    private static DictionaryStringColumn? TryBuildDictionary(string name, ColumnPart[] parts, int rowCount, NullMask nulls, int maxEntries)
    {
        var codes = new int[rowCount];
        var first = new Utf8Interner(maxEntries);
        if (!TryCodeChunk(parts[0], codes, first))
        {
            return null;
        }
        if (parts.Length == 1 || first.Count * 4L > parts[0].RowCount)
        {
            for (var i = 1; i < parts.Length; i++)
            {
                if (!TryCodeChunk(parts[i], codes, first))
                {
                    return null;
                }
            }
            return new DictionaryStringColumn(name, codes, first.ToEntries(), nulls);
        }

        var local = new Utf8Interner?[parts.Length];
        local[0] = first;
        if (!ParallelLoops.All(parts.Length - 1, i => TryCodeChunk(parts[i + 1], codes, local[i + 1] = new Utf8Interner(maxEntries))))
        {
            return null;
        }
        var merged = new Utf8Interner(maxEntries);
        var remaps = new int[parts.Length][];
        for (var i = 0; i < parts.Length; i++)
        {
            var dictionary = local[i]!;
            var remap = new int[dictionary.Count];
            var identity = true;
            for (var code = 0; code < remap.Length; code++)
            {
                remap[code] = merged.InternEntryOf(dictionary, code);
                if (remap[code] < 0)
                {
                    return null;
                }
                identity &= remap[code] == code;
            }
            remaps[i] = identity ? [] : remap;
        }
        ParallelLoops.For(parts.Length, i => Remap(parts[i], codes, remaps[i]));
        return new DictionaryStringColumn(name, codes, merged.ToEntries(), nulls);
    }

    /// <summary>Codes a chunk's rows into its slice of <paramref name="codes"/> with <paramref name="dictionary"/>; false once it has too many values.</summary>
    private static bool TryCodeChunk(ColumnPart part, int[] codes, Utf8Interner dictionary)
    {
        var chunkCodes = codes.AsSpan(part.RowOffset, part.RowCount);
        if (part.Builder is not { } builder)
        {
            chunkCodes.Fill(DictionaryStringColumn.NullCode);
            return true;
        }
        var kinds = builder.Kinds;
        var starts = builder.Starts;
        var blob = builder.Blob;
        for (var row = 0; row < chunkCodes.Length; row++)
        {
            if (kinds[row] == RawKind.Null)
            {
                chunkCodes[row] = DictionaryStringColumn.NullCode;
                continue;
            }
            var code = dictionary.Intern(blob, starts[row], starts[row + 1] - starts[row]);
            if (code < 0)
            {
                return false;
            }
            chunkCodes[row] = code;
        }
        return true;
    }

    private static void Remap(ColumnPart part, int[] codes, int[]? remap)
    {
        if (remap is not { Length: > 0 })
        {
            return;
        }
        foreach (ref var code in codes.AsSpan(part.RowOffset, part.RowCount))
        {
            if (code != DictionaryStringColumn.NullCode)
            {
                code = remap[code];
            }
        }
    }

    /// <summary>Every chunk's text copied once into one blob, chunks in parallel, each at its place.</summary>
    private static PlainStringColumn BuildPlain(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        var bases = new int[parts.Length];
        long total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            bases[i] = (int)total;
            total += parts[i].Builder?.BlobLength ?? 0;
            if (total > Array.MaxLength)
            {
                LoadThrow.ColumnTooLarge(name);
            }
        }
        var blob = new byte[total];
        var offsets = new int[rowCount + 1];
        ParallelLoops.For(parts.Length, i =>
        {
            var (builder, offset, count) = parts[i];
            var chunkOffsets = offsets.AsSpan(offset, count);
            if (builder is null)
            {
                chunkOffsets.Fill(bases[i]);
                return;
            }
            builder.Blob.AsSpan(0, builder.BlobLength).CopyTo(blob.AsSpan(bases[i]));
            var starts = builder.Starts;
            for (var row = 0; row < count; row++)
            {
                chunkOffsets[row] = bases[i] + starts[row];
            }
        });
        offsets[rowCount] = (int)total;
        return new PlainStringColumn(name, blob, offsets, nulls);
    }
}
