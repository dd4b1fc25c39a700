using System.Buffers;
using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Features.Data;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    /// <summary>Where a tool call names its source, for the resolver's errors.</summary>
    private static readonly string[] s_sourceLocation = [ToolNames.Arguments, ToolNames.Source];

    /// <summary>A cursor carries the page itself, so the arguments it keeps leave the page out.</summary>
    private static readonly string[] s_pageCursorQuery = [.. ToolArguments.PageQuery.Where(a => a != QueryParameters.Page)];

    /// <summary><c>query_data</c>: a page of matching rows, as <c>/data/{source}</c> returns it, cut to the token budget.</summary>
    private ValueTask<ToolResult> QueryDataAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var call = Begin(ToolNames.QueryData, values, ToolArguments.PageQuery, defaultBudget);
        var request = call.Query.ReadQuery();
        if (call.Cursor is { } cursor)
        {
            request = request with { Page = cursor.Page };
        }
        if (call.Issues is { Count: > 0 } issues)
        {
            return ValueTask.FromResult(Invalid(ToolNames.QueryData, issues));
        }
        if (!sources.TryResolve(call.Source!, caller.Identity, s_sourceLocation, request, RequestOrigin.ToolArguments, out var snapshot, out var error))
        {
            return ValueTask.FromResult(Error(error));
        }
        return LimitedAndCachedAsync(call, caller, snapshot, () =>
        {
            var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.ToolArguments);
            return parsed.Spec is { } spec
                ? Query(snapshot, spec, call.Budget, call.Cursor?.Skip ?? 0, call.Query.Subset(s_pageCursorQuery))
                : Invalid(ToolNames.QueryData, parsed.Issues);
        });
    }

    /// <summary>
    /// Runs a bound query and writes the page from <paramref name="skip"/> within the budget. The cursor continues
    /// inside the page when the budget cut it, then on the next page.
    /// </summary>
    /// <param name="cursorQuery">The query arguments a cursor carries, so the next call asks the same.</param>
    public ToolResult Query(SourceSnapshot snapshot, QuerySpec spec, OutputBudget budget, int skip, IReadOnlyDictionary<string, JsonElement> cursorQuery)
    {
        using var result = QueryExecutor.Execute(snapshot, spec);
        var now = time.GetUtcNow();
        var pageRows = result.Rows.Length;
        skip = Math.Min(skip, pageRows);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var count = budget.Fit(buffer, pageRows - skip, (writer, count) =>
            PageResponse.Write(writer, result, skip, count, now, budget.MaxTextBytes, metadata =>
            {
                var end = skip + count;
                metadata.WriteBoolean(ToolNames.Truncated, end < pageRows);
                metadata.WriteNumber("rows_omitted"u8, pageRows - end);
                var next = end < pageRows ? (spec.Page, end) : result.HasNext ? (spec.Page + 1, 0) : ((int, int)?)null;
                if (next is var (page, rows))
                {
                    metadata.WriteString(ToolNames.NextCursor, new ToolCursor(ToolNames.QueryData, snapshot.Name, cursorQuery, page, rows).Encode());
                }
            }));
        return new ToolResult
        {
            Json = buffer.WrittenSpan.ToArray(),
            // The rows are the result's: a database source's come back as columns of their own.
            Snapshot = result.Snapshot,
            Query = result.Spec,
            Total = result.Total,
            Rows = result.Rows.Slice(skip, count).ToArray(),
        };
    }
}
