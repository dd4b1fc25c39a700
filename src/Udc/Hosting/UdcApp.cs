using Udc.Cli;
using Udc.Features.Data;
using Udc.Features.Health;
using Udc.Features.OpenApi;
using Udc.Features.Sources;
using Udc.Mcp;

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

        builder.Services.AddSourceCatalog(options);
        builder.AddMcpHttp(options.Urls);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.MapHealthApi();
        app.MapSourcesApi();
        app.MapDataApi();
        app.MapOpenApiDocument();
        app.MapMcpEndpoint();
        return app;
    }
}
