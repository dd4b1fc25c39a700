using System.Buffers;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query;

/// <summary>Picks the rows of one page, or all rows, of a match in the query's order.</summary>
internal static class RowOrder
{
    /// <summary>
    /// Up to this many leading rows, a page is found with a bounded heap in one pass over the matches
    /// (page 1 of 10 keeps 10 rows); deeper pages sort every match once.
    /// </summary>
    private const int MaxHeapRows = 4_096;

    /// <summary>Writes the rows at <c>[offset, offset + count)</c> of the ordered match into <paramref name="destination"/>.</summary>
    /// <returns>How many rows were written.</returns>
    public static int SelectRange(ReadOnlySpan<ulong> mask, int matchCount, IReadOnlyList<SortKey> sort, int offset, int count, Span<int> destination)
    {
        count = Math.Min(count, Math.Max(0, matchCount - offset));
        if (count <= 0)
        {
            return 0;
        }
        if (sort.Count == 0)
        {
            return TakeInRowOrder(mask, offset, count, destination);
        }
        var comparer = new RowComparer(sort);
        var needed = offset + count;
        return needed <= MaxHeapRows
            ? TakeWithHeap(mask, comparer, needed, offset, destination)
            : TakeSorted(mask, matchCount, comparer, offset, count, destination);
    }

    private static int TakeInRowOrder(ReadOnlySpan<ulong> mask, int offset, int count, Span<int> destination)
    {
        var written = 0;
        var index = 0;
        foreach (var row in MaskKernels.EnumerateRows(mask))
        {
            if (index++ < offset)
            {
                continue;
            }
            destination[written++] = row;
            if (written == count)
            {
                break;
            }
        }
        return written;
    }

    /// <summary>Keeps the best <paramref name="needed"/> rows in a max-heap whose top is the worst kept row.</summary>
    private static int TakeWithHeap(ReadOnlySpan<ulong> mask, RowComparer comparer, int needed, int offset, Span<int> destination)
    {
        var rented = ArrayPool<int>.Shared.Rent(needed);
        try
        {
            var heap = rented.AsSpan(0, needed);
            var size = 0;
            foreach (var row in MaskKernels.EnumerateRows(mask))
            {
                if (size < needed)
                {
                    heap[size] = row;
                    SiftUp(heap, size++, comparer);
                }
                else if (comparer.Compare(row, heap[0]) < 0)
                {
                    heap[0] = row;
                    SiftDown(heap, size, comparer);
                }
            }
            var kept = heap[..size];
            kept.Sort(comparer);
            var count = Math.Max(0, size - offset);
            kept[offset..].CopyTo(destination);
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static int TakeSorted(ReadOnlySpan<ulong> mask, int matchCount, RowComparer comparer, int offset, int count, Span<int> destination)
    {
        var rented = ArrayPool<int>.Shared.Rent(matchCount);
        try
        {
            var rows = rented.AsSpan(0, matchCount);
            var i = 0;
            foreach (var row in MaskKernels.EnumerateRows(mask))
            {
                rows[i++] = row;
            }
            rows.Sort(comparer);
            rows.Slice(offset, count).CopyTo(destination);
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static void SiftUp(Span<int> heap, int index, RowComparer comparer)
    {
        var row = heap[index];
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (comparer.Compare(heap[parent], row) >= 0)
            {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = row;
    }

    private static void SiftDown(Span<int> heap, int size, RowComparer comparer)
    {
        var row = heap[0];
        var index = 0;
        while (true)
        {
            var child = 2 * index + 1;
            if (child >= size)
            {
                break;
            }
            if (child + 1 < size && comparer.Compare(heap[child + 1], heap[child]) > 0)
            {
                child++;
            }
            if (comparer.Compare(row, heap[child]) >= 0)
            {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = row;
    }
}
