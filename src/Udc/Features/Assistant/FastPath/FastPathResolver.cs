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

    /// <summary>One reference, swapped whole, so readers on other threads never see a set with another set's lexicon.</summary>
    private LexiconCache? _lexicon;

    public FastPathAnswer? TryAnswer(string question)
    {
        if (question.Length > MaxQuestionLength)
        {
            return null;
        }
        var set = tools.Current;
        var lexicon = LexiconFor(set);
        var tokens = QuestionTokenizer.Tokenize(question);
        if (tokens.Count == 0 || QuestionMatcher.Match(tokens, lexicon) is not { } plan)
        {
            return null;
        }
        var outcome = executor.Execute(set, plan.ToolName, plan.Arguments);
        // A record that does not exist is still an answer; any other error means the plan was wrong: not sure.
        if (outcome.IsError && plan.Kind is not (FastPathKind.Record or FastPathKind.Field))
        {
            return null;
        }
        return new FastPathAnswer(plan.ToolName, plan.Arguments, outcome, FastAnswerText.For(plan, outcome));
    }

    /// <summary>The lexicon of the current tool set, rebuilt when the catalog changes.</summary>
    private Lexicon LexiconFor(ToolSet set)
    {
        var cached = Volatile.Read(ref _lexicon);
        if (cached is not null && ReferenceEquals(cached.Set, set))
        {
            return cached.Lexicon;
        }
        var lexicon = new Lexicon(set.Snapshots);
        Volatile.Write(ref _lexicon, new LexiconCache(set, lexicon));
        return lexicon;
    }

    private sealed record LexiconCache(ToolSet Set, Lexicon Lexicon);
}
