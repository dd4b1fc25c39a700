using System.Diagnostics;
using Udc.Features.Assistant.FastPath;
using Udc.Features.Assistant.Keys;
using Udc.Hosting;
using Udc.Llm;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Features.Assistant;

/// <summary>
/// Answers one question: the fast path when it is sure and the mode allows, else the chosen provider with
/// tools, else an honest "I can't" when no model may or can be used. Provider failures become the error
/// envelope here, in one place.
/// </summary>
internal sealed partial class AssistantService(
    ToolCatalog tools,
    FastPathResolver fastPath,
    AssistantToolLoop loop,
    IEnumerable<ILlmClient> clients,
    LlmSettings settings,
    ProviderKeyStore keys,
    TimeProvider time,
    ILogger<AssistantService> logger)
{
    public const double DefaultTemperature = 0.2;
    public const int DefaultMaxToolRounds = 4;

    private readonly Dictionary<LlmProvider, ILlmClient> _clients = clients.ToDictionary(c => c.Provider);

    /// <param name="caller">Who asks; a key limited to some sources gets tools, answers and prompts about those only.</param>
    public async Task<IResult> AnswerAsync(ValidQuery query, ToolCaller caller, CancellationToken requestAborted)
    {
        var started = Stopwatch.GetTimestamp();
        var set = tools.For(caller.Identity);
        if (query.Mode != AssistantMode.Llm && fastPath.TryAnswer(query.UserQuery, set) is { } fast)
        {
            var record = new ToolCallRecord(fast.ToolName, fast.Arguments, fast.Arguments.GetRawText(), fast.Outcome.Json, fast.Outcome.IsError);
            return Respond(new AssistantAnswer(query.ProviderName, null, fast.Answer, [record], default, ResolvedBy.FastPath), started);
        }
        if (query.Mode == AssistantMode.NoLlm)
        {
            return Respond(Unanswered(query, "no_llm mode does not allow a language model"), started);
        }
        if (query.Provider is not { } provider)
        {
            return Respond(Unanswered(query, "no provider was named"), started);
        }

        var (apiKey, keyProblem) = ResolveKey(provider, query);
        if (keyProblem is not null)
        {
            // A key that was asked for but cannot be used is an error even in auto mode; no key at all is not.
            if (query.Mode == AssistantMode.Auto && apiKey is null && query.ApiKeyId is null)
            {
                return Respond(Unanswered(query, keyProblem), started);
            }
            return ApiError.Create(StatusCodes.Status400BadRequest, ErrorCodes.LlmConfiguration, keyProblem);
        }

        var providerSettings = settings.For(provider);
        var model = query.Model ?? providerSettings.DefaultModel;
        var conversation = new LlmConversation(SystemPrompt.For(set, time.GetUtcNow()), query.UserQuery);
        using var deadline = new LlmDeadline(settings.TotalTimeout, time, requestAborted);
        try
        {
            var answer = await loop.RunAsync(_clients[provider], model, apiKey, query.Temperature, query.MaxToolRounds, conversation, set, caller, deadline);
            return Respond(answer, started);
        }
        catch (OperationCanceledException) when (deadline.IsExpired)
        {
            return LlmError(new LlmException(LlmFailure.Timeout, $"The {provider.ToWireName()} provider did not answer within {settings.TotalTimeout.TotalSeconds:0.###} s."));
        }
        catch (LlmException e)
        {
            return LlmError(e);
        }
    }

    /// <summary>The inline key, else the stored one, else the server's; openai_compatible servers may need none.</summary>
    private (string? ApiKey, string? Problem) ResolveKey(LlmProvider provider, ValidQuery query)
    {
        var name = provider.ToWireName();
        if (provider == LlmProvider.OpenAiCompatible && settings.OpenAiCompatible.BaseUrl is null)
        {
            return (null, "openai_compatible needs OPENAI_COMPATIBLE_BASE_URL: the server that speaks the OpenAI format.");
        }
        if (query.ApiKey is { } inline)
        {
            return (inline, null);
        }
        if (query.ApiKeyId is { } id)
        {
            var (storedProvider, storedKey, problem) = keys.Resolve(id);
            if (problem is not null)
            {
                return (null, problem);
            }
            return storedProvider == name ? (storedKey, null) : (null, $"The stored key '{id}' is for {storedProvider}, not {name}.");
        }
        if (settings.For(provider).ServerKey is { } serverKey)
        {
            return (serverKey, null);
        }
        if (provider == LlmProvider.OpenAiCompatible)
        {
            return (null, null);
        }
        var variable = provider switch
        {
            LlmProvider.OpenAi => "OPENAI_API_KEY",
            LlmProvider.Anthropic => "ANTHROPIC_API_KEY",
            _ => "GEMINI_API_KEY",
        };
        return (null, $"No API key for {name}: pass api_key or api_key_id, or set {variable} on the server.");
    }

    private static AssistantAnswer Unanswered(ValidQuery query, string reason) => new(query.ProviderName, null,
        $"I can answer common questions on my own, such as how many open tickets there are or the status of a ticket, but this one needs a language model, and {reason}.",
        [], default, ResolvedBy.None);

    private IResult Respond(AssistantAnswer answer, long started)
    {
        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        AssistantTelemetry.Answered(AssistantResponse.WireName(answer.ResolvedBy), answer.Provider);
        LogAnswered(logger, answer.ResolvedBy, answer.Provider ?? "-", answer.ToolCalls.Count, latency);
        return new JsonResponse(StatusCodes.Status200OK, writer => AssistantResponse.Write(writer, answer, latency));
    }

    private IResult LlmError(LlmException e)
    {
        LogFailed(logger, e.Failure, e.Message);
        AssistantTelemetry.Answered("error", null);
        var (status, code) = e.Failure switch
        {
            LlmFailure.Configuration => (StatusCodes.Status400BadRequest, ErrorCodes.LlmConfiguration),
            LlmFailure.Authentication => (StatusCodes.Status401Unauthorized, ErrorCodes.LlmAuth),
            LlmFailure.Timeout => (StatusCodes.Status504GatewayTimeout, ErrorCodes.LlmTimeout),
            _ => (StatusCodes.Status502BadGateway, ErrorCodes.LlmUpstream),
        };
        return ApiError.Create(status, code, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assistant answered by {ResolvedBy} (provider {Provider}, {ToolCalls} tool calls) in {Milliseconds:F3} ms")]
    private static partial void LogAnswered(ILogger logger, ResolvedBy resolvedBy, string provider, int toolCalls, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assistant provider call failed ({Failure}): {Message}")]
    private static partial void LogFailed(ILogger logger, LlmFailure failure, string message);
}
