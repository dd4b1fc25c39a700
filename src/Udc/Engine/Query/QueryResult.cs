using System.Buffers;
using Udc.Engine.Catalog;

namespace Udc.Engine.Query;

/// <summary>The outcome of a query: the total match count and the selected rows, in a pooled array.</summary>
internal sealed class QueryResult(SourceSnapshot snapshot, QuerySpec spec, int total, int[] rows, int rowCount) : IDisposable
{
    private int[]? _rows = rows;

    public SourceSnapshot Snapshot { get; } = snapshot;

    public QuerySpec Spec { get; } = spec;

    /// <summary>Rows matching the filters, over all pages.</summary>
    public int Total { get; } = total;

    /// <summary>Row indices of the page (or of every match when streaming), in order.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, rowCount);

    public int TotalPages => Total == 0 ? 0 : (Total + Spec.PageSize - 1) / Spec.PageSize;

    public bool HasNext => Spec.Page < TotalPages;

    public void Dispose()
    {
        if (_rows is { } rented)
        {
            _rows = null;
            ArrayPool<int>.Shared.Return(rented);
        }
    }
}
