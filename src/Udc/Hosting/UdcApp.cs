using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Features.Assistant;
using Udc.Features.Assistant.FastPath;
using Udc.Features.Assistant.Keys;
using Udc.Features.Data;
using Udc.Features.Export;
using Udc.Features.Health;
using Udc.Features.OpenApi;
using Udc.Features.Sources;
using Udc.Features.Ui;
using Udc.Llm;
using Udc.Mcp;
using Udc.Storage;
using Udc.Tools;

namespace Udc.Hosting;

/// <summary>Builds the HTTP server: services, middleware and every feature's endpoints.</summary>
internal static class UdcApp
{
    /// <param name="configure">Lets tests swap the server (an in-process test server) before it is built.</param>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        // One log line per request would cost more than serving it; the framework speaks up for problems only.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Services.AddSourceCatalog(options);
        AddAssistant(builder.Services, Path.GetFullPath(options.DataDir));
        builder.AddMcpHttp(options.Urls);
        builder.Services.AddSingleton(services => ExportSettings.FromConfiguration(services.GetRequiredService<IConfiguration>()));
        configure?.Invoke(builder);

        var app = builder.Build();
        // Read and check every setting now, so a bad one stops the start rather than a later request; and
        // generate the tools before the catalog loads, so they follow every load from the first.
        app.Services.GetRequiredService<LlmSettings>();
        app.Services.GetRequiredService<ProviderKeyStore>();
        app.Services.GetRequiredService<ToolCatalog>();
        app.Services.GetRequiredService<ExportSettings>();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.MapHealthApi();
        app.MapSourcesApi();
        app.MapDataApi();
        app.MapAssistantApi();
        app.MapExportApi();
        app.MapUi();
        app.MapOpenApiDocument();
        app.MapMcpEndpoint();
        return app;
    }

    private static void AddAssistant(IServiceCollection services, string dataDirectory)
    {
        services.AddLlmProviders();
        services.AddSingleton(s => AdminKey.FromConfiguration(s.GetRequiredService<IConfiguration>()));
        services.AddSingleton(new SqliteDatabase(StateDirectory.File(dataDirectory, "udc.db")));
        services.AddSingleton(s =>
        {
            var master = s.GetRequiredService<IConfiguration>()[KeyCipher.SettingName];
            if (!string.IsNullOrEmpty(master) && master.Length < KeyCipher.MinMasterKeyLength)
            {
                throw new SettingsException($"{KeyCipher.SettingName} must be at least {KeyCipher.MinMasterKeyLength} characters.");
            }
            var cipher = string.IsNullOrEmpty(master) ? null : new KeyCipher(master);
            return new ProviderKeyStore(s.GetRequiredService<SqliteDatabase>(), cipher, s.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(s => new ToolCatalog(s.GetRequiredService<SourceCatalog>()));
        services.AddSingleton(s => new ToolExecutor(s.GetRequiredService<SourceCatalog>(), s.GetRequiredService<TimeProvider>(),
            ResultBudget.ForTokens(s.GetRequiredService<LlmSettings>().ToolResultTokens)));
        services.AddSingleton<FastPathResolver>();
        services.AddSingleton<AssistantToolLoop>();
        services.AddSingleton<AssistantService>();
    }
}
