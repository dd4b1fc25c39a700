using System.Buffers;
using System.Text.Json;
using Udc.Engine.Query;
using Udc.Engine.Sql;
using Udc.Features.Sql;
using Udc.Hosting;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    private static readonly string[] s_sqlArguments = [ToolNames.Sql, ToolNames.MaxTokens];
    private static readonly string[] s_sqlLocation = [ToolNames.Arguments, ToolNames.Sql];
    private static readonly RequestOrigin s_sqlOrigin = new(s_sqlLocation, s_sqlLocation, []);

    /// <summary>
    /// <c>query_sql</c>: one read-only SELECT of UDC's subset, as <c>POST /query</c> runs it, cut to the budget (rows kept
    /// from the first). The statement names its source, which the caller's key must be allowed to read.
    /// </summary>
    private async ValueTask<ToolResult> SqlAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller)
    {
        var args = new ToolArguments(values, s_sqlArguments);
        var sql = args.String(ToolNames.Sql, required: true);
        var budget = args.Integer(ToolNames.MaxTokens, OutputBudget.MinTokens, OutputBudget.MaxTokens) is { } tokens ? new OutputBudget(tokens) : defaultBudget;
        if (args.Issues.Count > 0)
        {
            return Invalid(ToolNames.QuerySql, args.Issues);
        }
        SqlPlan plan;
        try
        {
            plan = SqlCompiler.Compile(SqlParser.Parse(sql!));
        }
        catch (SqlException e)
        {
            return Invalid(ToolNames.QuerySql, [SqlApi.Issue(sql!, e, s_sqlLocation)]);
        }
        if (!sources.TryResolve(plan.Source, caller.Identity, s_sqlLocation, plan.Rows, s_sqlOrigin, out var snapshot, out var error))
        {
            return Error(error);
        }
        var call = new ToolCall(ToolNames.QuerySql, args, args, snapshot.Name, budget, null);
        return await LimitedAndCachedAsync(call, caller, snapshot, () =>
        {
            using var result = SqlRunner.Run(snapshot, plan, s_sqlOrigin);
            if (!result.IsValid)
            {
                return Invalid(ToolNames.QuerySql, result.Issues);
            }
            var now = time.GetUtcNow();
            var total = Math.Min(result.Count, SqlApi.MaxRows);
            var buffer = new ArrayBufferWriter<byte>(4096);
            budget.Fit(buffer, total, (writer, count) => SqlResponse.Write(writer, result, sql!, 0, count, now, budget.MaxTextBytes, metadata =>
            {
                metadata.WriteBoolean(ToolNames.Truncated, count < total);
                metadata.WriteNumber("rows_omitted"u8, total - count);
            }));
            return new ToolResult { Json = buffer.WrittenSpan.ToArray(), Snapshot = snapshot };
        });
    }
}
