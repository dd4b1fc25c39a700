using System.Runtime.CompilerServices;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>A question the fast path answered: the tool call it made, as a model would have, and the answer.</summary>
internal sealed record FastPathAnswer(string ToolName, System.Text.Json.JsonElement Arguments, ToolOutcome Outcome, string Answer);

/// <summary>
/// Answers common questions without a model, in microseconds: tokenize, match against the lexicon generated
/// from the catalog, run the same tool a model would call, and word the result. Returns null for anything it
/// is not sure of.
/// </summary>
internal sealed class FastPathResolver(ToolCatalog tools, ToolExecutor executor)
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
        using var call = ToolCallTelemetry.Start(plan.ToolName, ToolCallTelemetry.SourceOf(plan.Arguments), set.Caller?.KeyId, ToolSurface.FastPath);
        var outcome = executor.Execute(set, plan.ToolName, plan.Arguments);
        call.Complete(outcome.IsError);
        // A record that does not exist is still an answer; any other error means the plan was wrong: not sure.
        if (outcome.IsError && plan.Kind is not (FastPathKind.Record or FastPathKind.Field))
        {
            return null;
        }
        return new FastPathAnswer(plan.ToolName, plan.Arguments, outcome, FastAnswerText.For(plan, outcome));
    }
}
