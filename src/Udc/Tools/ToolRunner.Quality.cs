using System.Buffers;
using System.Text.Json;
using Udc.Engine.Quality;
using Udc.Engine.Query;
using Udc.Features.Quality;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    /// <summary>
    /// <c>check_quality</c>: a source's quality report, as <c>/quality/{source}</c> returns it: scores, findings worst
    /// first, and per column what is missing or does not fit; a wide source comes back with its first columns.
    /// </summary>
    private ValueTask<ToolResult> QualityAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var call = Begin(ToolNames.CheckQuality, values, ToolArguments.QualityQuery, defaultBudget);
        var at = new DataRequest { Version = call.Query.Integer(QueryParameters.Version, 1, int.MaxValue), AsOf = call.Query.String(QueryParameters.AsOf) };
        if (call.Issues is { Count: > 0 } issues)
        {
            return ValueTask.FromResult(Invalid(ToolNames.CheckQuality, issues));
        }
        if (!sources.TryResolve(call.Source!, caller.Identity, s_sourceLocation, at, RequestOrigin.ToolArguments, out var snapshot, out var error))
        {
            return ValueTask.FromResult(Error(error));
        }
        return LimitedAndCachedAsync(call, caller, snapshot, () =>
        {
            var now = time.GetUtcNow();
            var report = QualityChecker.Check(snapshot, now);
            var buffer = new ArrayBufferWriter<byte>(4096);
            call.Budget.Fit(buffer, report.Columns.Count, (writer, count) => QualityResponse.WriteSource(writer, snapshot, report, 0, count, now, metadata =>
            {
                metadata.WriteBoolean(ToolNames.Truncated, count < report.Columns.Count);
                metadata.WriteNumber("rows_omitted"u8, report.Columns.Count - count);
            }));
            return new ToolResult { Json = buffer.WrittenSpan.ToArray(), Snapshot = snapshot };
        });
    }
}
