using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Udc.Access;
using Udc.Caching;
using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Analytics;
using Udc.Features.Assistant;
using Udc.Features.Assistant.FastPath;
using Udc.Features.Assistant.Keys;
using Udc.Features.Audit;
using Udc.Features.Auth;
using Udc.Features.Cache;
using Udc.Features.Data;
using Udc.Features.Export;
using Udc.Features.Health;
using Udc.Features.Ingest;
using Udc.Features.Jobs;
using Udc.Features.Live;
using Udc.Features.OpenApi;
using Udc.Features.Quality;
using Udc.Features.Sources;
using Udc.Features.Sql;
using Udc.Features.Ui;
using Udc.Features.Webhooks;
using Udc.Llm;
using Udc.Mcp;
using Udc.Mcp.Http;
using Udc.Observability;
using Udc.RateLimiting;
using Udc.Redis;
using Udc.Storage;
using Udc.Tools;
using Udc.Webhooks;

namespace Udc.Hosting;

/// <summary>Builds the HTTP server: services, middleware and every feature's endpoints.</summary>
internal static class UdcApp
{
    /// <param name="configure">Lets tests swap the server (an in-process test server) before it is built.</param>
    /// <param name="environment">Where settings are read; the process environment unless a test passes its own.</param>
    /// <param name="settings">Settings already read (<c>udc serve</c> reads them for its checks), so they are read once.</param>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null, Func<string, string?>? environment = null,
        UdcSettings? settings = null)
    {
        var dataDirectory = Path.GetFullPath(options.DataDir);
        settings ??= UdcSettings.Read(environment ?? Environment.GetEnvironmentVariable, dataDirectory, options.Urls);
        // A large load keeps one thread per core busy for seconds; requests get threads of their own at once instead of
        // waiting for the starved pool to grow (it adds about one thread every half second). A database source's reads
        // block their thread (the engine is synchronous), so each source adds the threads its pool and waiters may block.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var databaseThreads = settings.DatabaseSources.Sum(d => Engine.Database.DatabaseClient.BlockingThreads(d.MaxConnections));
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 4 + databaseThreads), completionPorts);
        var builder = WebApplication.CreateSlimBuilder(UdcHostOptions.WebOptions);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => KestrelLimits.Apply(kestrel, settings.Http));
        TelemetrySetup.AddLogs(builder.Logging, settings.Observability);
        // One log line per request would cost more than serving it; the framework speaks up for problems only.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("StackExchange.Redis", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var services = builder.Services;
        services.AddUdc(settings, options);
        services.AddSingleton<MetricsFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<MetricsFeed>());
        services.AddHttpContextAccessor();
        services.AddSingleton<ConnectionGuard>();
        services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.Shutdown.Delay + settings.Shutdown.Timeout);
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(provider => provider.GetRequiredService<ShutdownDrain>());
        TelemetrySetup.AddTelemetry(services, settings.Observability);
        AddProxiesAndCors(services, settings.Http);
        builder.AddMcpHttp();
        configure?.Invoke(builder);

        var app = builder.Build();
        // Generate the tools before the catalog loads, so they follow every load from the first.
        app.Services.GetRequiredService<ToolCatalog>();
        app.Services.GetRequiredService<Engine.Versions.SnapshotHistory>();
        app.Services.GetRequiredService<MetricsFeed>();
        ConnectionGuard.Use(app);
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseForwardedHeaders();
        if (settings.Http.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }
        app.UseRouting();
        app.UseMiddleware<AccessMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<Audit.ReadGovernanceMiddleware>();
        app.MapHealthApi();
        app.MapSourcesApi();
        app.MapDataApi();
        app.MapAnalyticsApi();
        app.MapQualityApi();
        app.MapSqlApi();
        app.MapSseApi();
        app.MapAuditApi();
        app.MapAssistantApi();
        app.MapExportApi();
        app.MapUi();
        app.MapAuthApi();
        app.MapCacheApi();
        app.MapWebhooksApi();
        app.MapIngestApi();
        app.MapJobsApi();
        app.MapVendorWebhookApi();
        app.MapOpenApiDocument();
        TelemetrySetup.MapMetrics(app, settings.Observability);
        app.MapMcpEndpoint();
        return app;
    }

    /// <summary>
    /// X-Forwarded-For is believed only from the configured proxies; by default from nobody (ASP.NET Core
    /// would otherwise trust loopback). CORS is off unless origins are configured.
    /// </summary>
    private static void AddProxiesAndCors(IServiceCollection services, HttpSettings http)
    {
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = http.TrustedProxies.Count > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in http.TrustedProxies)
            {
                if (proxy.Contains('/', StringComparison.Ordinal))
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
                else
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            }
        });
        if (http.CorsOrigins.Count > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. http.CorsOrigins])
                .WithMethods("GET", "POST")
                .WithHeaders("X-API-Key", "Authorization", "Content-Type", "If-None-Match")
                .WithExposedHeaders("ETag", "X-Cache", "X-Total-Count", "RateLimit", "RateLimit-Policy", "Retry-After")));
        }
    }
}
