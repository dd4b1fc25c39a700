namespace Udc.Llm;

/// <summary>How a provider call failed, which decides the HTTP status and error code the client gets.</summary>
internal enum LlmFailure
{
    /// <summary>No key, or a provider that is not configured: 400 <c>LLM_CONFIGURATION_ERROR</c>.</summary>
    Configuration,

    /// <summary>The provider rejected the key: 401 <c>LLM_AUTH_ERROR</c>.</summary>
    Authentication,

    /// <summary>The provider failed or answered with something unusable: 502 <c>LLM_UPSTREAM_ERROR</c>.</summary>
    Upstream,

    /// <summary>The time allowed ran out: 504 <c>LLM_TIMEOUT</c>.</summary>
    Timeout,
}

/// <summary>A provider call failed. The message is safe to return: it never contains the caller's key.</summary>
internal sealed class LlmException(LlmFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public LlmFailure Failure { get; } = failure;
}
