namespace Udc.Llm;

/// <summary>The model providers UDC speaks to, each over its own wire format.</summary>
internal enum LlmProvider
{
    OpenAi,
    Anthropic,
    Gemini,

    /// <summary>Any server speaking OpenAI Chat Completions at a configured base URL (Ollama, vLLM, LM Studio, a gateway).</summary>
    OpenAiCompatible,
}

internal static class LlmProviderNames
{
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";
    public const string OpenAiCompatible = "openai_compatible";

    public static readonly string[] All = [OpenAi, Anthropic, Gemini, OpenAiCompatible];

    public static string ToWireName(this LlmProvider provider) => provider switch
    {
        LlmProvider.OpenAi => OpenAi,
        LlmProvider.Anthropic => Anthropic,
        LlmProvider.Gemini => Gemini,
        _ => OpenAiCompatible,
    };

    public static bool TryParse(string? name, out LlmProvider provider)
    {
        switch (name)
        {
            case OpenAi:
                provider = LlmProvider.OpenAi;
                return true;
            case Anthropic:
                provider = LlmProvider.Anthropic;
                return true;
            case Gemini:
                provider = LlmProvider.Gemini;
                return true;
            case OpenAiCompatible:
                provider = LlmProvider.OpenAiCompatible;
                return true;
            default:
                provider = default;
                return false;
        }
    }
}
