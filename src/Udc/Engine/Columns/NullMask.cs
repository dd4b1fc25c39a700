using System.Numerics;

namespace Udc.Engine.Columns;

/// <summary>One bit per row, set where the row's value is null. Columns without nulls share <see cref="None"/>.</summary>
internal sealed class NullMask
{
    public static readonly NullMask None = new([], 0);

    private readonly ulong[] _bits;

    public NullMask(ulong[] bits, int nullCount)
    {
        _bits = bits;
        NullCount = nullCount;
    }

    public int NullCount { get; }

    public bool HasNulls => NullCount != 0;

    public ReadOnlySpan<ulong> Bits => _bits;

    public bool IsNull(int row) => NullCount != 0 && (_bits[row >> 6] & (1UL << row)) != 0;

    public static NullMask FromBits(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
        {
            count += BitOperations.PopCount(word);
        }
        return count == 0 ? None : new NullMask(bits, count);
    }
}
