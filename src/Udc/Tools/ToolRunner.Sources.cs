using System.Buffers;
using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Describe;
using Udc.Features.Data;
using Udc.Features.Sources;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    private static readonly string[] s_listArguments = [ToolNames.Cursor, ToolNames.MaxTokens];

    /// <summary>
    /// <c>list_sources</c>: every source the caller may read (those its tool set describes), with its size, id and
    /// time columns, freshness and status, as <c>/sources</c> returns them.
    /// </summary>
    private ToolResult ListSources(ToolSet set, IReadOnlyDictionary<string, JsonElement>? values)
    {
        var args = new ToolArguments(values, s_listArguments);
        var budget = args.Integer(ToolNames.MaxTokens, OutputBudget.MinTokens, OutputBudget.MaxTokens) is { } tokens ? new OutputBudget(tokens) : defaultBudget;
        var cursor = args.ReadCursor(ToolNames.ListSources, null, []);
        if (args.Issues.Count > 0)
        {
            return Invalid(ToolNames.ListSources, args.Issues);
        }
        return Sources(set, budget, cursor?.Skip ?? 0);
    }

    /// <summary>The sources of <paramref name="set"/> from <paramref name="skip"/> on, within the budget.</summary>
    public ToolResult Sources(ToolSet set, OutputBudget budget, int skip)
    {
        var states = set.States;
        var now = time.GetUtcNow();
        skip = Math.Min(skip, states.Count);
        // The oldest data sets the freshness of the whole list: "2 hours ago" means nothing here is older. A source that
        // has never held data (a connector before its first run) has no age to count.
        var oldest = states.Select(s => s.Snapshot?.FileModifiedAt).Where(t => t is not null && t != Freshness.Never).DefaultIfEmpty(now).Min()!.Value;
        var age = Freshness.Age(oldest, now);
        var buffer = new ArrayBufferWriter<byte>(2048);
        budget.Fit(buffer, states.Count - skip, (writer, count) =>
            SourceWriter.WriteList(writer, states, skip, count, now, metadata =>
            {
                metadata.WriteString("data_freshness"u8, Freshness.Describe(age));
                metadata.WriteString("staleness_indicator"u8, Freshness.Staleness(age));
                metadata.WriteBoolean(ToolNames.Truncated, skip + count < states.Count);
                if (skip + count < states.Count)
                {
                    metadata.WriteString(ToolNames.NextCursor, new ToolCursor(ToolNames.ListSources, null, new Dictionary<string, JsonElement>(), 0, skip + count).Encode());
                }
            }));
        return new ToolResult { Json = buffer.WrittenSpan.ToArray() };
    }

    /// <summary>
    /// <c>describe_source</c>: a source's columns with types, values, ranges and operators, as <c>/sources/{source}</c>
    /// returns them; a source that failed to load is described with its error. A wide source comes back with its
    /// first columns and a cursor.
    /// </summary>
    private async ValueTask<ToolResult> DescribeSourceAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var call = Begin(ToolNames.DescribeSource, values, [], defaultBudget);
        if (call.Issues is { Count: > 0 } issues)
        {
            return Invalid(ToolNames.DescribeSource, issues);
        }
        if (!sources.TryFind(call.Source!, caller.Identity, s_sourceLocation, out var state, out var error))
        {
            return Error(error);
        }
        if (await limiter.AcquireAsync(caller.Partition, state.Name) is { Allowed: false } rejected)
        {
            return Error(Hosting.ErrorCodes.RateLimited, rejected.RejectionMessage(state.Name));
        }
        return Describe(state, call.Budget, call.Cursor?.Skip ?? 0);
    }

    /// <summary>The description of a source the caller may read, its columns from <paramref name="skip"/> on, within the budget.</summary>
    public ToolResult Describe(SourceState state, OutputBudget budget, int skip)
    {
        var now = time.GetUtcNow();
        var columns = SourceWriter.ColumnsOf(state).Count;
        skip = Math.Min(skip, columns);
        var buffer = new ArrayBufferWriter<byte>(4096);
        budget.Fit(buffer, columns - skip, (writer, count) =>
            SourceWriter.WriteDescription(writer, state, skip, count, now, metadata =>
            {
                if (state.Snapshot is { } snapshot)
                {
                    MetadataWriter.WriteFreshness(metadata, snapshot, now);
                }
                metadata.WriteNumber("total_columns"u8, columns);
                metadata.WriteNumber("returned_columns"u8, count);
                metadata.WriteBoolean(ToolNames.Truncated, skip + count < columns);
                if (skip + count < columns)
                {
                    metadata.WriteString(ToolNames.NextCursor, new ToolCursor(ToolNames.DescribeSource, state.Name, new Dictionary<string, JsonElement>(), 0, skip + count).Encode());
                }
            }));
        return new ToolResult { Json = buffer.WrittenSpan.ToArray(), Snapshot = state.Snapshot };
    }
}
