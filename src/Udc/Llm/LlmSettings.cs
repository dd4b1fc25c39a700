using System.Globalization;
using Udc.Hosting;

namespace Udc.Llm;

/// <summary>
/// Provider endpoints, default models, keys, timeouts and retries, read from configuration (environment
/// variables) and checked by hand at start-up. Base URLs are named as the official SDKs name them, so a test
/// server, a gateway or a local model server stands in for the public endpoint.
/// </summary>
internal sealed record LlmSettings
{
    public required ProviderSettings OpenAi { get; init; }

    public required ProviderSettings Anthropic { get; init; }

    public required ProviderSettings Gemini { get; init; }

    /// <summary>Its base URL has no default: there is no public endpoint to assume.</summary>
    public required ProviderSettings OpenAiCompatible { get; init; }

    /// <summary>Connecting to a provider: 10 s covers a slow TLS handshake and fails a dead host quickly.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>All model calls of one question, every round and retry included: 60 s, past a listener's patience.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first retry waits about this long, the second twice as long, each plus jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The limit: a third failure is reported rather than retried.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>A spoken answer is a few sentences; 1,024 tokens leave room for tool calls and bound the cost.</summary>
    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>The Messages API version UDC's Anthropic wire types follow.</summary>
    public string AnthropicVersion { get; init; } = "2023-06-01";

    /// <summary>Estimated tokens one tool result may take in the model's context.</summary>
    public int ToolResultTokens { get; init; } = 2_000;

    public ProviderSettings For(LlmProvider provider) => provider switch
    {
        LlmProvider.OpenAi => OpenAi,
        LlmProvider.Anthropic => Anthropic,
        LlmProvider.Gemini => Gemini,
        _ => OpenAiCompatible,
    };

    public static LlmSettings FromConfiguration(IConfiguration configuration)
    {
        string? Get(string name) => configuration[name] is { Length: > 0 } value ? value.Trim() : null;

        return new LlmSettings
        {
            OpenAi = new(Url(Get("OPENAI_BASE_URL") ?? "https://api.openai.com/v1", "OPENAI_BASE_URL"), Get("OPENAI_MODEL") ?? "gpt-4.1-mini", Get("OPENAI_API_KEY")),
            Anthropic = new(Url(Get("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com", "ANTHROPIC_BASE_URL"), Get("ANTHROPIC_MODEL") ?? "claude-sonnet-4-5", Get("ANTHROPIC_API_KEY")),
            Gemini = new(Url(Get("GEMINI_BASE_URL") ?? "https://generativelanguage.googleapis.com", "GEMINI_BASE_URL"), Get("GEMINI_MODEL") ?? "gemini-2.5-flash", Get("GEMINI_API_KEY")),
            OpenAiCompatible = new(Get("OPENAI_COMPATIBLE_BASE_URL") is { } compatible ? Url(compatible, "OPENAI_COMPATIBLE_BASE_URL") : null,
                Get("OPENAI_COMPATIBLE_MODEL") ?? "llama3.1", Get("OPENAI_COMPATIBLE_API_KEY")),
            ConnectTimeout = Seconds(Get("UDC_LLM_CONNECT_TIMEOUT_SECONDS"), "UDC_LLM_CONNECT_TIMEOUT_SECONDS", TimeSpan.FromSeconds(10)),
            TotalTimeout = Seconds(Get("UDC_LLM_TIMEOUT_SECONDS"), "UDC_LLM_TIMEOUT_SECONDS", TimeSpan.FromSeconds(60)),
            RetryBaseDelay = TimeSpan.FromMilliseconds(Integer(Get("UDC_LLM_RETRY_BASE_MS"), "UDC_LLM_RETRY_BASE_MS", 500, 0, 60_000)),
            MaxOutputTokens = Integer(Get("UDC_LLM_MAX_OUTPUT_TOKENS"), "UDC_LLM_MAX_OUTPUT_TOKENS", 1024, 16, 64_000),
            ToolResultTokens = Integer(Get("UDC_TOOL_RESULT_TOKENS"), "UDC_TOOL_RESULT_TOKENS", 2_000, 200, 100_000),
        };
    }

    private static Uri Url(string text, string name) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new SettingsException($"{name} must be an absolute http or https URL, not '{text}'.");

    private static TimeSpan Seconds(string? text, string name, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3_600
            ? TimeSpan.FromSeconds(seconds)
            : throw new SettingsException($"{name} must be a number of seconds above 0 and at most 3600, not '{text}'.");
    }

    private static int Integer(string? text, string name, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new SettingsException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
    }
}
