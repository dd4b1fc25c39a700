using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Decides whether the fast path is sure of a question, and if so makes its plan: the date is read against today,
/// the words against the catalog's lexicon and the closed vocabulary (<see cref="QuestionReader"/>), the terms
/// into parts (<see cref="QuestionParser"/>), the parts bound to one source (<see cref="QuestionPlanner"/>). Any
/// step that is not sure returns null, and the question goes to a model.
/// </summary>
internal static class QuestionMatcher
{
    public static FastPathPlan? Match(List<QuestionToken> tokens, Lexicon lexicon, ToolSet set, DateOnly today)
    {
        var consumed = new bool[tokens.Count];
        if (!DateReader.Read(tokens, consumed, today, out var period))
        {
            return null;
        }
        if (QuestionReader.Read(tokens, consumed, lexicon) is not { Count: > 0 } terms || QuestionParser.Parse(terms, period) is not { } question)
        {
            return null;
        }
        return QuestionPlanner.Plan(question, set);
    }
}
