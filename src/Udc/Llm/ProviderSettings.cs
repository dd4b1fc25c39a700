namespace Udc.Llm;

/// <summary>Where a provider is, which model to use when the request names none, and the server's own key if any.</summary>
internal sealed record ProviderSettings(Uri? BaseUrl, string DefaultModel, string? ServerKey);
