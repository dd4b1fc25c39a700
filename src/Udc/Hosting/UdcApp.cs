using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Features.Data;
using Udc.Features.Export;
using Udc.Features.Health;
using Udc.Features.OpenApi;
using Udc.Features.Sources;
using Udc.Features.Ui;

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

        var catalogOptions = new CatalogOptions(Path.GetFullPath(options.DataDir), options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new SourceCatalog(catalogOptions, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<CatalogLifetime>();
        builder.Services.AddSingleton(services => ExportSettings.FromConfiguration(services.GetRequiredService<IConfiguration>()));
        configure?.Invoke(builder);

        var app = builder.Build();
        // Read the settings now, so a bad value stops the start rather than the first export.
        app.Services.GetRequiredService<ExportSettings>();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.MapHealthApi();
        app.MapSourcesApi();
        app.MapDataApi();
        app.MapExportApi();
        app.MapUi();
        app.MapOpenApiDocument();
        return app;
    }
}
