using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>A validated query against one snapshot: what to match, in which order, which page, which fields.</summary>
internal sealed record QuerySpec
{
    public required IReadOnlyList<Filter> Filters { get; init; }

    /// <summary>Case-insensitive free text searched in every string column; null when absent.</summary>
    public Operand? Text { get; init; }

    public required IReadOnlyList<SortKey> Sort { get; init; }

    /// <summary>True when the client gave no sort and the source's default order applies.</summary>
    public bool SortIsDefault { get; init; }

    /// <summary>The columns to return, in order.</summary>
    public required IReadOnlyList<Column> Fields { get; init; }

    /// <summary>True when the client asked for specific fields.</summary>
    public bool FieldsAreProjected { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = QueryLimits.DefaultPageSize;

    public bool Stream { get; init; }

    /// <summary>The date range given by <c>start_date</c>/<c>end_date</c>, as written, for sentences.</summary>
    public DateRangeText? DateRange { get; init; }

    /// <summary>Conditions combined with AND, OR and NOT, beside <see cref="Filters"/>; null when none.</summary>
    public Condition? Condition { get; init; }

    /// <summary>Rows skipped, when a row window (SQL's OFFSET) replaces the page.</summary>
    public int? Start { get; init; }

    public int Offset => Start ?? (Page - 1) * PageSize;
}

/// <summary>The client's own spelling of a date range, so sentences read back what was asked.</summary>
internal sealed record DateRangeText(string? Start, string? End);
