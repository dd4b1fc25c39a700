namespace Udc.Features.Assistant;

/// <summary>The body of <c>POST /assistant/query</c>, as the seed defines it plus <c>mode</c> and <c>max_tool_rounds</c>.</summary>
internal sealed class AssistantQueryRequest
{
    /// <summary><c>openai</c>, <c>anthropic</c>, <c>gemini</c> or <c>openai_compatible</c>.</summary>
    public string? Provider { get; init; }

    public string? UserQuery { get; init; }

    /// <summary>Overrides the provider's default model.</summary>
    public string? Model { get; init; }

    /// <summary>0 to 1; default 0.2.</summary>
    public double? Temperature { get; init; }

    /// <summary>A key for this request only; never stored or logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>A key stored with <c>POST /assistant/keys</c>.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary><c>auto</c> (default), <c>no_llm</c> or <c>llm</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>1 to 10; default 4.</summary>
    public int? MaxToolRounds { get; init; }
}

/// <summary>The body of <c>POST /assistant/keys</c>.</summary>
internal sealed class StoreKeyRequest
{
    public string? Provider { get; init; }

    public string? Name { get; init; }

    public string? ApiKey { get; init; }
}
