using System.Buffers;
using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    private static readonly string[] s_idLocation = [ToolNames.Arguments, ToolNames.Id];

    /// <summary>
    /// <c>get_record</c>: one record by its id column, as <c>/data/{source}/{id}</c> returns it. A record too large for
    /// the budget comes back with its first fields and a cursor that returns the others.
    /// </summary>
    private ValueTask<ToolResult> GetRecordAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var call = Begin(ToolNames.GetRecord, values, ToolArguments.RecordQuery, defaultBudget);
        var id = call.Query.Scalar(ToolNames.Id);
        var fields = call.Query.List(QueryParameters.Fields);
        var at = new DataRequest { Version = call.Query.Integer(QueryParameters.Version, 1, int.MaxValue), AsOf = call.Query.String(QueryParameters.AsOf) };
        if (id is null && call.Issues.Count == 0)
        {
            call.Args.Issues.Add(ToolArguments.Issue(ToolNames.Id, "id is required", "missing"));
        }
        if (call.Issues is { Count: > 0 } issues)
        {
            return ValueTask.FromResult(Invalid(ToolNames.GetRecord, issues));
        }
        if (!sources.TryResolve(call.Source!, caller.Identity, s_sourceLocation, at, RequestOrigin.ToolArguments, out var snapshot, out var error))
        {
            return ValueTask.FromResult(Error(error));
        }
        return LimitedAndCachedAsync(call, caller, snapshot, () => Record(snapshot, id!, fields, call.Budget));
    }

    /// <summary>The record, a not-found result that says which ids exist, or the issues with the id or the fields.</summary>
    public ToolResult Record(SourceSnapshot snapshot, string id, IReadOnlyList<string>? fieldNames, OutputBudget budget)
    {
        var row = RecordLookup.Find(snapshot, id, fieldNames, RequestOrigin.ToolArguments, s_idLocation, out var fields, out var issues, out var holder);
        if (issues.Count > 0)
        {
            return Invalid(ToolNames.GetRecord, issues);
        }
        if (row < 0)
        {
            var error = Error(ErrorCodes.RecordNotFound, RecordLookup.NotFoundMessage(snapshot, id) + " Use query_data with filters to search.",
                [ToolArguments.Issue(ToolNames.Id, $"no record with {snapshot.IdColumn!.Name} {TextClip.Clip(id, 64)}", "not_found")]);
            return new ToolResult { Json = error.Json, IsError = true, ErrorCode = error.ErrorCode, Snapshot = snapshot };
        }
        var now = time.GetUtcNow();
        var buffer = new ArrayBufferWriter<byte>(2048);
        budget.Fit(buffer, fields.Count, (writer, count) =>
            RecordResponse.Write(writer, holder, [.. fields.Take(count)], row, now, budget.MaxTextBytes, metadata =>
            {
                metadata.WriteBoolean(ToolNames.Truncated, count < fields.Count);
                if (count < fields.Count)
                {
                    var rest = JsonSerializer.SerializeToElement(fields.Skip(count).Select(c => c.Name).ToArray(), ToolJsonContext.Default.StringArray);
                    var query = new Dictionary<string, JsonElement> { [ToolNames.Id] = JsonSerializer.SerializeToElement(id, ToolJsonContext.Default.String), [QueryParameters.Fields] = rest };
                    metadata.WriteString(ToolNames.NextCursor, new ToolCursor(ToolNames.GetRecord, snapshot.Name, query, 0, 0).Encode());
                }
            }));
        return new ToolResult { Json = buffer.WrittenSpan.ToArray(), Snapshot = holder, Total = 1, RecordRow = row };
    }
}
