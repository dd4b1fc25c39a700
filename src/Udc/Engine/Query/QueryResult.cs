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

    /// <summary>
    /// Reads the rows that follow these in a stream, or null when these are the last: a database source streams in
    /// parts so memory stays flat. Each part is a result of its own, with its own columns, disposed once written.
    /// </summary>
    public Func<QueryResult?>? Rest { get; set; }

    /// <summary>
    /// What a stream holds open while its parts are read (a database source's transaction, so every part sees one
    /// snapshot): released when the parts end or are dropped, or when this result is disposed, whichever comes first.
    /// </summary>
    public IDisposable? Reading { get; set; }

    /// <summary>This result, then each part that follows it; a part is disposed when the next is asked for.</summary>
    public IEnumerable<QueryResult> Parts()
    {
        QueryResult? current = null;
        try
        {
            yield return this;
            for (var rest = Rest; rest?.Invoke() is { } next; rest = next.Rest)
            {
                current?.Dispose();
                current = next;
                yield return next;
            }
        }
        finally
        {
            current?.Dispose();
            Reading?.Dispose();
        }
    }

    public void Dispose()
    {
        Reading?.Dispose();
        if (_rows is { } rented)
        {
            _rows = null;
            ArrayPool<int>.Shared.Return(rented);
        }
    }
}
