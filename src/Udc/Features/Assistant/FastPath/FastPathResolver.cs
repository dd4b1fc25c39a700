using System.Runtime.CompilerServices;
using System.Text.Json;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Hosting;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>A question the fast path answered: the tool call it made, as a model would have, and the answer.</summary>
internal sealed record FastPathAnswer(string ToolName, JsonElement Arguments, ToolResult Outcome, string Answer);

/// <summary>
/// Answers common questions without a model, in microseconds: tokenize, match against the lexicon generated from
/// the catalog, run the typed request through the same tool runner a model's call goes through, and word the result.
/// Returns null for anything it is not sure of. Relative dates ("this year", "last week") are read against
/// <paramref name="time"/>'s UTC day, the same clock the data's timestamps are kept in.
/// </summary>
internal sealed class FastPathResolver(ToolCatalog tools, ToolRunner runner, TimeProvider time)
{
    /// <summary>A question longer than 200 characters is not one of the short phrasings this path knows.</summary>
    public const int MaxQuestionLength = 200;

    /// <summary>Each tool set's lexicon, made on first use and dropped with the set when the catalog changes.</summary>
    private readonly ConditionalWeakTable<ToolSet, Lexicon> _lexicons = new();

    /// <param name="set">The caller's tools (<see cref="ToolCatalog.For"/>), so a key limited to some sources is matched against those only; the current set when null.</param>
    public FastPathAnswer? TryAnswer(string question, ToolSet? set = null)
    {
        set ??= tools.Current;
        if (question.Length > MaxQuestionLength)
        {
            return null;
        }
        var lexicon = _lexicons.GetValue(set, static s => new Lexicon(s.Snapshots));
        var tokens = QuestionTokenizer.Tokenize(question);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (tokens.Count == 0 || QuestionMatcher.Match(tokens, lexicon, set, today) is not { } plan)
        {
            return null;
        }
        using var observed = ToolCallTelemetry.Start(plan.ToolName, plan.State?.Name ?? plan.Snapshot?.Name, set.Caller?.KeyId, ToolSurface.FastPath);
        var arguments = plan.ArgumentsJson();
        ToolResult outcome;
        try
        {
            outcome = Run(plan, set, arguments);
        }
        catch (AggregationLimitException)
        {
            // A grouping past the engine's bounds (or none free): the model gets the question and the tool's own error.
            observed.Complete(true, ErrorCodes.AggregateTooLarge);
            return null;
        }
        observed.Complete(outcome.IsError, outcome.ErrorCode);
        // A record that does not exist is still an answer; any other error means the plan was wrong: not sure.
        if (outcome.IsError && plan.Kind is not (FastPathKind.Record or FastPathKind.Field))
        {
            return null;
        }
        return FastAnswerText.For(plan, outcome, today, set) is { } answer ? new FastPathAnswer(plan.ToolName, arguments, outcome, answer) : null;
    }

    /// <param name="arguments">The call's arguments, whose query part a result's cursor carries, so a model that continues it asks the same.</param>
    private ToolResult Run(FastPathPlan plan, ToolSet set, JsonElement arguments)
    {
        var budget = runner.DefaultBudget;
        switch (plan.ToolName)
        {
            case ToolNames.ListSources:
                return runner.Sources(set, budget, 0);
            case ToolNames.DescribeSource:
                return runner.Describe(plan.State!, budget, 0);
            case ToolNames.GetRecord:
                return runner.Record(plan.Source, plan.Id!, null, budget);
        }
        var parsed = QueryBinder.Bind(plan.Source, plan.Request, RequestOrigin.ToolArguments);
        if (parsed.Spec is not { } spec)
        {
            return ToolRunner.Invalid(plan.ToolName, parsed.Issues);
        }
        var cursorQuery = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            if (property.Name != ToolNames.Source)
            {
                cursorQuery[property.Name] = property.Value;
            }
        }
        if (plan.Aggregate is not { } request)
        {
            return runner.Query(plan.Source, spec, budget, 0, cursorQuery);
        }
        var (aggregate, issues) = AggregateBinder.Bind(plan.Source, request, RequestOrigin.ToolArguments);
        return aggregate is not null ? runner.Aggregate(plan.Source, spec, aggregate, budget, 0, cursorQuery) : ToolRunner.Invalid(plan.ToolName, issues);
    }
}
