using System.Net;
using Udc.Llm.Anthropic;
using Udc.Llm.Gemini;
using Udc.Llm.OpenAi;

namespace Udc.Llm;

/// <summary>Registers one named <see cref="HttpClient"/> per provider and the provider clients over them.</summary>
internal static class LlmServices
{
    /// <summary>The clients; their <see cref="LlmSettings"/> are registered with the other settings.</summary>
    public static IServiceCollection AddLlmProviders(this IServiceCollection services)
    {
        foreach (var provider in Enum.GetValues<LlmProvider>())
        {
            services.AddHttpClient(LlmTransport.ClientName(provider))
                // Deadlines are per question (LlmDeadline), so the client's own 100 s timeout is off.
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(s => new SocketsHttpHandler
                {
                    ConnectTimeout = s.GetRequiredService<LlmSettings>().ConnectTimeout,
                    // Recycled every 5 minutes so a provider's DNS change is seen without a restart.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    AutomaticDecompression = DecompressionMethods.All,
                });
        }
        services.AddSingleton<LlmTransport>();
        services.AddSingleton<ILlmClient>(s => new OpenAiClient(LlmProvider.OpenAi, s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        services.AddSingleton<ILlmClient>(s => new OpenAiClient(LlmProvider.OpenAiCompatible, s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        services.AddSingleton<ILlmClient>(s => new AnthropicClient(s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        services.AddSingleton<ILlmClient>(s => new GeminiClient(s.GetRequiredService<LlmTransport>(), s.GetRequiredService<LlmSettings>()));
        return services;
    }
}
