using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Assistant.FastPath;

/// <summary>What kind of answer a claimed question gets.</summary>
internal enum FastPathKind
{
    /// <summary>"show me customer 7": the record's key facts.</summary>
    Record,

    /// <summary>"status of ticket #123", "what region is order 31 in": fields of one record.</summary>
    Field,

    /// <summary>"how many orders shipped or returned": a count.</summary>
    Count,

    /// <summary>"open high priority tickets": a count and the first few rows.</summary>
    List,

    /// <summary>"daily active users on 2024-03-15": a measure of a time series.</summary>
    Series,

    /// <summary>"average order value in March": one metric over the matching rows.</summary>
    Metric,

    /// <summary>"orders by status", "average total per region": a metric per group.</summary>
    Breakdown,

    /// <summary>"which customer has the most orders": the first (or last) group.</summary>
    TopGroup,

    /// <summary>"largest order this year and who placed it", "newest order": the first row in some order.</summary>
    Extreme,

    /// <summary>"the 3 newest orders": the first few rows in time order.</summary>
    Newest,

    /// <summary>"which sources are there".</summary>
    Sources,

    /// <summary>"what columns do orders have".</summary>
    Columns,

    /// <summary>"what metrics do orders have": the number columns.</summary>
    Measures,

    /// <summary>"which regions are there": a column's values.</summary>
    Values,
}

/// <summary>
/// A question the fast path is sure of, as the typed request a model's tool call would have become: no JSON is
/// written to be read back. <see cref="ArgumentsJson"/> writes the equivalent call only for the answer's record.
/// The other members carry what the answer needs to be worded as the question was asked.
/// </summary>
internal sealed partial record FastPathPlan(FastPathKind Kind, string ToolName)
{
    /// <summary>The source; null only for <see cref="FastPathKind.Sources"/>.</summary>
    public SourceSnapshot? Snapshot { get; init; }

    /// <summary>The source as listed, for a description, loaded or not.</summary>
    public SourceState? State { get; init; }

    public DataRequest Request { get; init; } = DataRequest.Empty;

    public AggregateRequest? Aggregate { get; init; }

    /// <summary>The record's id as asked, for get_record.</summary>
    public string? Id { get; init; }

    /// <summary>The fields asked for: of the record, or of the extreme row ("and who placed it").</summary>
    public IReadOnlyList<Column> Fields { get; init; } = [];

    /// <summary>The column the answer is about: the series' measure, the sort, the metric's or the listed values'.</summary>
    public Column? Column { get; init; }

    public MetricKind Metric { get; init; } = MetricKind.Count;

    public Column? GroupColumn { get; init; }

    /// <summary>How the question named the group: "customer" for <c>customer_name</c>.</summary>
    public string GroupWords { get; init; } = "";

    public DatePeriod? Period { get; init; }

    /// <summary>The question's own word for an order or a metric: "largest", "newest", "average", "most".</summary>
    public string Word { get; init; } = "";

    /// <summary>For a rank or an extreme: the first in descending order ("most", "largest"), else the last.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>"largest order": the row by its amount, said as "the largest order" rather than "with the highest total".</summary>
    public bool BySize { get; init; }

    public SourceSnapshot Source => Snapshot!;
}
