namespace Udc.Features.Assistant;

/// <summary>Whether a question may, must or must not go to a model.</summary>
internal enum AssistantMode
{
    /// <summary>The fast path when it is sure, the model otherwise.</summary>
    Auto,

    /// <summary>Never call a provider.</summary>
    NoLlm,

    /// <summary>Always call a provider, even when the fast path could answer.</summary>
    Llm,
}
