using System.Diagnostics;

namespace Udc.Observability;

/// <summary>Counts questions to the assistant by who answered them, and marks the request's span with it.</summary>
internal static class AssistantTelemetry
{
    /// <param name="resolvedBy"><c>fast_path</c>, <c>llm</c>, <c>none</c>, or <c>error</c> when the provider failed.</param>
    public static void Answered(string resolvedBy, string? provider)
    {
        UdcTelemetry.AssistantAnswers.Add(1, new("resolved_by", resolvedBy), new("provider", provider ?? "none"));
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(SemanticNames.UdcResolvedBy, resolvedBy);
        }
    }
}
