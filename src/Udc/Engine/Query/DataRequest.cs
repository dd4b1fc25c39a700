namespace Udc.Engine.Query;

/// <summary>
/// A request for rows of one source as any surface states it: a query string, a tool call's arguments or the fast
/// path all become one of these, and <see cref="QueryBinder"/> checks it against a snapshot. Names are not yet
/// resolved and values are still text, so each is checked once, in one place, whoever sent it.
/// </summary>
internal sealed record DataRequest
{
    public static readonly DataRequest Empty = new();

    /// <summary>Conditions that must all hold, in the order given.</summary>
    public IReadOnlyList<FilterTerm> Filters { get; init; } = [];

    /// <summary>Case-insensitive free text searched in every text column.</summary>
    public string? Text { get; init; }

    /// <summary>Inclusive bounds on the source's time column, as written (a date or an ISO 8601 instant).</summary>
    public string? StartDate { get; init; }

    public string? EndDate { get; init; }

    /// <summary>Column names, each with '-' in front for descending; null for the source's default order.</summary>
    public IReadOnlyList<string>? Sort { get; init; }

    /// <summary>The columns to return, in order; null for all.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>1-based; bounds are checked when bound.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = QueryLimits.DefaultPageSize;

    /// <summary>Every match as a stream rather than one page.</summary>
    public bool Stream { get; init; }

    /// <summary>Conditions combined with AND, OR and NOT (SQL's WHERE), which must hold beside <see cref="Filters"/>.</summary>
    public FilterNode? Condition { get; init; }

    /// <summary>Rows skipped and rows returned (SQL's OFFSET and LIMIT), in place of <see cref="Page"/> and <see cref="PageSize"/>.</summary>
    public RowWindow? Window { get; init; }

    /// <summary>Which version of the source to read (time travel); null for the current one.</summary>
    public long? Version { get; init; }

    /// <summary>Read the version that was current at this instant (a date or ISO 8601), as written; null for now.</summary>
    public string? AsOf { get; init; }
}

/// <summary>Rows skipped before the first one returned, and how many are returned at most.</summary>
internal sealed record RowWindow(int Offset, int Limit)
{
    /// <summary>More rows than this in one answer are not an answer; an aggregate or a narrower query is.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>A window ten million rows deep is past any source UDC holds in memory.</summary>
    public const int MaxOffset = 10_000_000;
}

/// <summary>
/// One condition as the caller wrote it: <c>status</c> with <c>["open", "pending"]</c> (any of them), or
/// <c>amount__gt</c> with <c>["100"]</c>. Values are whole: a surface that takes comma lists splits them first.
/// </summary>
internal sealed record FilterTerm(string Key, IReadOnlyList<string> Values)
{
    public FilterTerm(string key, string value) : this(key, [value])
    {
    }
}
