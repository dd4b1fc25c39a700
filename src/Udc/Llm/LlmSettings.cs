using Udc.Hosting;

namespace Udc.Llm;

/// <summary>
/// Provider endpoints, default models, keys, timeouts and retries, read from the environment with the other
/// settings (<see cref="UdcSettings"/>) and checked at start-up. Base URLs are named as the official SDKs name
/// them, so a test server, a gateway or a local model server stands in for the public endpoint.
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

    public static LlmSettings Read(SettingsReader reader) => new()
    {
        OpenAi = new(reader.Url("OPENAI_BASE_URL", "https://api.openai.com/v1"), reader.String("OPENAI_MODEL") ?? "gpt-4.1-mini", reader.String("OPENAI_API_KEY")),
        Anthropic = new(reader.Url("ANTHROPIC_BASE_URL", "https://api.anthropic.com"), reader.String("ANTHROPIC_MODEL") ?? "claude-sonnet-4-5", reader.String("ANTHROPIC_API_KEY")),
        Gemini = new(reader.Url("GEMINI_BASE_URL", "https://generativelanguage.googleapis.com"), reader.String("GEMINI_MODEL") ?? "gemini-2.5-flash", reader.String("GEMINI_API_KEY")),
        OpenAiCompatible = new(reader.Url("OPENAI_COMPATIBLE_BASE_URL", null), reader.String("OPENAI_COMPATIBLE_MODEL") ?? "llama3.1", reader.String("OPENAI_COMPATIBLE_API_KEY")),
        ConnectTimeout = reader.Seconds("UDC_LLM_CONNECT_TIMEOUT_SECONDS", TimeSpan.FromSeconds(10), 3_600),
        TotalTimeout = reader.Seconds("UDC_LLM_TIMEOUT_SECONDS", TimeSpan.FromSeconds(60), 3_600),
        RetryBaseDelay = TimeSpan.FromMilliseconds(reader.Int("UDC_LLM_RETRY_BASE_MS", 500, 0, 60_000)),
        MaxOutputTokens = reader.Int("UDC_LLM_MAX_OUTPUT_TOKENS", 1024, 16, 64_000),
        ToolResultTokens = reader.Int("UDC_TOOL_RESULT_TOKENS", 2_000, 200, 100_000),
    };
}
