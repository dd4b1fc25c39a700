using System.Buffers;
using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    /// <summary>
    /// <c>aggregate_data</c>: grouped counts and metrics, as <c>/data/{source}/aggregate</c> returns them, largest group
    /// first. The cursor continues after the last group returned, whether the budget or the limit stopped it.
    /// </summary>
    private ValueTask<ToolResult> AggregateDataAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var call = Begin(ToolNames.AggregateData, values, ToolArguments.AggregateQuery, defaultBudget);
        var request = call.Query.ReadQuery();
        var aggregateRequest = call.Query.ReadAggregate();
        if (call.Issues is { Count: > 0 } issues)
        {
            return ValueTask.FromResult(Invalid(ToolNames.AggregateData, issues));
        }
        if (!sources.TryResolve(call.Source!, caller.Identity, s_sourceLocation, request, RequestOrigin.ToolArguments, out var snapshot, out var error))
        {
            return ValueTask.FromResult(Error(error));
        }
        return LimitedAndCachedAsync(call, caller, snapshot, () =>
        {
            var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.ToolArguments);
            var (aggregate, aggregateIssues) = AggregateBinder.Bind(snapshot, aggregateRequest, RequestOrigin.ToolArguments);
            return parsed.Spec is { } spec && aggregate is not null
                ? Aggregate(snapshot, spec, aggregate, call.Budget, call.Cursor?.Skip ?? 0, call.Query.Subset(ToolArguments.AggregateQuery))
                : Invalid(ToolNames.AggregateData, [.. parsed.Issues, .. aggregateIssues]);
        });
    }

    /// <summary>
    /// Groups before the cursor are computed again and skipped: grouping is one pass over the matches, and keeping
    /// state between calls would tie a cursor to one server process.
    /// </summary>
    public ToolResult Aggregate(SourceSnapshot snapshot, QuerySpec spec, AggregateSpec aggregate, OutputBudget budget, int skip, IReadOnlyDictionary<string, JsonElement> cursorQuery)
    {
        var result = Aggregator.Run(snapshot, spec, aggregate with { Limit = skip + aggregate.Limit }, aggregation);
        skip = Math.Min(skip, result.Groups.Count);
        var now = time.GetUtcNow();
        var buffer = new ArrayBufferWriter<byte>(4096);
        budget.Fit(buffer, result.Groups.Count - skip, (writer, count) =>
            AggregateResponse.Write(writer, result, skip, count, now, budget.MaxTextBytes, metadata =>
            {
                metadata.WriteNumber("rows_omitted"u8, result.Groups.Count - skip - count);
                if (skip + count < result.TotalGroups)
                {
                    metadata.WriteString(ToolNames.NextCursor, new ToolCursor(ToolNames.AggregateData, snapshot.Name, cursorQuery, 0, skip + count).Encode());
                }
            }));
        return new ToolResult { Json = buffer.WrittenSpan.ToArray(), Snapshot = snapshot, Query = spec, Total = result.MatchCount, Aggregate = result };
    }
}
