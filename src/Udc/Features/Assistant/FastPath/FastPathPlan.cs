using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Features.Assistant.FastPath;

/// <summary>What kind of answer a claimed question gets.</summary>
internal enum FastPathKind
{
    /// <summary>"show me customer 7": the record's key facts.</summary>
    Record,

    /// <summary>"status of ticket #123": one field of one record.</summary>
    Field,

    /// <summary>"how many active customers": a count.</summary>
    Count,

    /// <summary>"open high priority tickets": a count and the first few rows.</summary>
    List,

    /// <summary>"daily active users on 2024-03-15": a measure of a time series.</summary>
    Series,
}

/// <summary>A question the fast path is sure of: the tool call a model would make and how to word its result.</summary>
internal sealed record FastPathPlan(FastPathKind Kind, SourceSnapshot Snapshot, string ToolName, JsonElement Arguments, Column? Field = null);
