using System.Runtime.CompilerServices;
using System.Text.Json;
using Udc.Engine.Query;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>A question the fast path answered: the tool call it made, as a model would have, and the answer.</summary>
internal sealed record FastPathAnswer(string ToolName, JsonElement Arguments, ToolResult Outcome, string Answer);

/// <summary>
/// Answers common questions without a model, in microseconds: tokenize, match against the lexicon generated from
/// the catalog, run the typed request through the same tools a model would call, and word the result. Returns null
/// for anything it is not sure of.
/// </summary>
internal sealed class FastPathResolver(ToolCatalog tools, ToolRunner runner)
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
        if (tokens.Count == 0 || QuestionMatcher.Match(tokens, lexicon) is not { } plan)
        {
            return null;
        }
        using var observed = ToolCallTelemetry.Start(plan.ToolName, plan.Snapshot.Name, set.Caller?.KeyId, ToolSurface.FastPath);
        var outcome = Run(plan);
        observed.Complete(outcome.IsError, outcome.ErrorCode);
        // A record that does not exist is still an answer; any other error means the plan was wrong: not sure.
        if (outcome.IsError && plan.Kind is not (FastPathKind.Record or FastPathKind.Field))
        {
            return null;
        }
        return new FastPathAnswer(plan.ToolName, plan.ArgumentsJson(), outcome, FastAnswerText.For(plan, outcome));
    }

    private ToolResult Run(FastPathPlan plan)
    {
        if (plan.Id is { } id)
        {
            return runner.Record(plan.Snapshot, id, null, runner.DefaultBudget);
        }
        var parsed = QueryBinder.Bind(plan.Snapshot, plan.Request, RequestOrigin.ToolArguments);
        return parsed.Spec is { } spec
            ? runner.Query(plan.Snapshot, spec, runner.DefaultBudget, 0, new Dictionary<string, JsonElement>())
            : ToolRunner.Invalid(plan.ToolName, parsed.Issues);
    }
}
