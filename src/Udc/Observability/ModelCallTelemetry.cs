using System.Diagnostics;

namespace Udc.Observability;

/// <summary>
/// One call to a model provider, following the OpenTelemetry GenAI conventions: a client span
/// <c>chat {gen_ai.request.model}</c> and the <c>gen_ai.client.*</c> metrics. Tokens are what the provider reported.
/// </summary>
internal sealed class ModelCallTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly string _provider;
    private readonly string _model;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _done;

    private ModelCallTelemetry(string provider, string model)
    {
        _provider = provider;
        _model = model;
        _activity = UdcTelemetry.Source.StartActivity("chat " + model, ActivityKind.Client);
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(SemanticNames.GenAiOperation, "chat");
            _activity.SetTag(SemanticNames.GenAiProvider, ProviderName(provider));
            _activity.SetTag(SemanticNames.GenAiRequestModel, model);
        }
    }

    /// <param name="provider">UDC's wire name of the provider (<c>openai</c>, <c>anthropic</c>, <c>gemini</c>, <c>openai_compatible</c>).</param>
    public static ModelCallTelemetry Start(string provider, string model) => new(provider, model);

    public void Complete(string? responseModel, long inputTokens, long outputTokens, string? finishReason)
    {
        _done = true;
        var provider = ProviderName(_provider);
        UdcTelemetry.TokenUsage.Record(inputTokens, new(SemanticNames.GenAiProvider, provider), new(SemanticNames.GenAiRequestModel, _model),
            new(SemanticNames.GenAiOperation, "chat"), new(SemanticNames.GenAiTokenType, "input"));
        UdcTelemetry.TokenUsage.Record(outputTokens, new(SemanticNames.GenAiProvider, provider), new(SemanticNames.GenAiRequestModel, _model),
            new(SemanticNames.GenAiOperation, "chat"), new(SemanticNames.GenAiTokenType, "output"));
        RecordDuration(null);
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(SemanticNames.GenAiResponseModel, responseModel);
            _activity.SetTag(SemanticNames.GenAiInputTokens, inputTokens);
            _activity.SetTag(SemanticNames.GenAiOutputTokens, outputTokens);
            if (finishReason is not null)
            {
                _activity.SetTag(SemanticNames.GenAiFinishReasons, new[] { finishReason });
            }
        }
        _activity?.Dispose();
    }

    public void Dispose()
    {
        if (_done)
        {
            return;
        }
        _done = true;
        // No reply: the provider failed, the deadline passed or the client went away.
        RecordDuration("_OTHER");
        _activity?.SetTag(SemanticNames.ErrorType, "_OTHER");
        _activity?.SetStatus(ActivityStatusCode.Error);
        _activity?.Dispose();
    }

    private void RecordDuration(string? errorType) =>
        UdcTelemetry.ModelCallDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new(SemanticNames.GenAiProvider, ProviderName(_provider)),
            new(SemanticNames.GenAiRequestModel, _model), new(SemanticNames.GenAiOperation, "chat"), new(SemanticNames.ErrorType, errorType));

    /// <summary>The conventions' provider names; a server that speaks OpenAI's format is not OpenAI.</summary>
    private static string ProviderName(string provider) => provider switch
    {
        "gemini" => "gcp.gemini",
        "openai_compatible" => "openai_compatible",
        _ => provider,
    };
}
