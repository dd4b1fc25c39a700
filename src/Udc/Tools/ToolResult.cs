using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Tools;

/// <summary>
/// What a tool call produced: the compact JSON result (an error envelope when <see cref="IsError"/>), and for a data
/// call run here and now the typed result, so an answer can be worded from it without reading the JSON back. A
/// result served from the cache carries the JSON only.
/// </summary>
internal sealed class ToolResult
{
    public required byte[] Json { get; init; }

    public bool IsError { get; init; }

    /// <summary>The error code of an error result, such as <c>RECORD_NOT_FOUND</c>.</summary>
    public string? ErrorCode { get; init; }

    public SourceSnapshot? Snapshot { get; init; }

    /// <summary>The query a query or aggregate ran.</summary>
    public QuerySpec? Query { get; init; }

    /// <summary>All matches, over every page.</summary>
    public int Total { get; init; }

    /// <summary>The rows of the page returned, in order.</summary>
    public int[] Rows { get; init; } = [];

    /// <summary>The record <c>get_record</c> found; -1 otherwise.</summary>
    public int RecordRow { get; init; } = -1;

    public AggregateResult? Aggregate { get; init; }

    /// <summary>The result as a model reads it: the JSON fenced as untrusted data (see <see cref="UntrustedData"/>).</summary>
    public string ForModel() => UntrustedData.Fence(Json);
}
