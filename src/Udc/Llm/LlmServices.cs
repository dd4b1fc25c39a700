using Udc.Llm.Anthropic;
using Udc.Llm.Gemini;
using Udc.Llm.OpenAi;
using Udc.Outbound;

namespace Udc.Llm;

/// <summary>Registers one named outbound <see cref="HttpClient"/> per provider and the provider clients over them.</summary>
internal static class LlmServices
{
    /// <summary>The clients; their <see cref="LlmSettings"/> are registered with the other settings.</summary>
    public static IServiceCollection AddLlmProviders(this IServiceCollection services)
    {
        foreach (var provider in Enum.GetValues<LlmProvider>())
        {
            services.AddOutboundHttpClient(LlmTransport.ClientName(provider), s => s.GetRequiredService<LlmSettings>().ConnectTimeout);
        }
        services.AddSingleton<LlmTransport>();
        services.AddSingleton<ILlmClient>(s => new OpenAiClient(LlmProvider.OpenAi, s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        services.AddSingleton<ILlmClient>(s => new OpenAiClient(LlmProvider.OpenAiCompatible, s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        services.AddSingleton<ILlmClient>(s => new AnthropicClient(s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        services.AddSingleton<ILlmClient>(s => new GeminiClient(s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        return services;
    }
}
