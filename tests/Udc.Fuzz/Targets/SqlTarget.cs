using System.Buffers;
using System.Text;
using System.Text.Json;
using Udc.Engine.Query.Aggregation;
using Udc.Engine.Sql;
using Udc.Features.Data;
using Udc.Features.Sql;

namespace Udc.Fuzz.Targets;

/// <summary>
/// The SQL subset of <c>POST /query</c> and the <c>query_sql</c> tool: lexed, parsed, compiled onto the typed
/// requests, run on the demo source it names (others are refused as unknown, which is not the parser's concern) and
/// written. Every mistake must be a <see cref="SqlException"/> or a validation issue.
/// </summary>
internal sealed class SqlTarget : FuzzTarget
{
    private static readonly DateTimeOffset s_now = new(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>As for the aggregate target: small, so the grouping bounds are reached too.</summary>
    private static readonly AggregationBudget s_budget = new(200, 64 * 1024, 16 * 1024, 1, () => { });

    private static readonly string[] s_sources = ["support", "crm", "analytics"];

    public override string Name => "sql";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var sql = Encoding.UTF8.GetString(input);
        SqlPlan plan;
        try
        {
            plan = SqlCompiler.Compile(SqlParser.Parse(sql));
        }
        catch (SqlException)
        {
            return;
        }
        if (!s_sources.Contains(plan.Source, StringComparer.Ordinal))
        {
            return;
        }
        try
        {
            using var result = SqlRunner.Run(DemoSnapshots.Get(plan.Source), plan, Udc.Engine.Query.RequestOrigin.ToolArguments, s_budget);
            if (!result.IsValid)
            {
                return;
            }
            using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
            SqlResponse.Write(writer, result, sql, 0, Math.Min(result.Count, 1000), s_now, RowWriter.Unbounded, null);
        }
        catch (AggregationLimitException)
        {
            // The bound doing its work: an answer the edge turns into 422 or 503.
        }
    }
}
