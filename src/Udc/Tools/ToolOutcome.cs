using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Tools;

/// <summary>
/// What a tool call produced: the compact JSON result the model reads (an error envelope when
/// <see cref="IsError"/>), and for a successful data call the typed result, so an answer can be built from it
/// without reading the JSON back.
/// </summary>
internal sealed class ToolOutcome
{
    public required byte[] Json { get; init; }

    public bool IsError { get; init; }

    public SourceSnapshot? Snapshot { get; init; }

    /// <summary>The query a fetch or aggregate ran.</summary>
    public QuerySpec? Query { get; init; }

    /// <summary>All matches of a fetch, over every page.</summary>
    public int Total { get; init; }

    /// <summary>The rows of the fetched page, in order.</summary>
    public int[] Rows { get; init; } = [];

    /// <summary>The record <c>get_record</c> found; -1 otherwise.</summary>
    public int RecordRow { get; init; } = -1;

    public AggregateResult? Aggregate { get; init; }
}
