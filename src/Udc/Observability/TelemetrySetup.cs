using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Udc.Access;
using Udc.Hosting;

namespace Udc.Observability;

/// <summary>
/// Logs, metrics and traces, wired once for <c>serve</c> (and the logs for <c>mcp</c>). Metrics and traces are
/// off unless asked for: no listener, no cost.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>Meters read at a scrape: UDC's own, ASP.NET Core's request and connection metrics, the runtime's, and the MCP SDK's.</summary>
    private static readonly string[] s_meters =
    [
        UdcTelemetry.Name, UdcTelemetry.Name + ".State", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing", "System.Runtime", "System.Net.Http", "Experimental.ModelContextProtocol",
    ];

    /// <summary>Probes and scrapes are frequent and say nothing about users' requests; they get no spans.</summary>
    private static readonly string[] s_untracedPaths = ["/health", "/metrics"];

    public static void AddLogs(ILoggingBuilder logging, ObservabilitySettings settings)
    {
        logging.ClearProviders();
        if (settings.JsonLogs)
        {
            // Scopes carry the request's TraceId and SpanId (ASP.NET Core's activity tracking), so each line leads to its trace.
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.IncludeScopes = true;
            });
        }
        logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
    }

    public static void AddTelemetry(IServiceCollection services, ObservabilitySettings settings)
    {
        if (!settings.MetricsEnabled && settings.TracesEndpoint is null)
        {
            return;
        }
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName, serviceVersion: UdcVersion.Current));
        if (settings.MetricsEnabled)
        {
            services.AddSingleton<UdcMetrics>();
            telemetry.WithMetrics(metrics => metrics
                .AddMeter(s_meters)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }
        if (settings.TracesEndpoint is { } endpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(UdcTelemetry.Name, "Experimental.ModelContextProtocol")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => IsTraced(context.Request.Path))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = settings.OtlpGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    if (settings.OtlpHeaders is { } headers)
                    {
                        otlp.Headers = headers;
                    }
                }));
        }
    }

    /// <summary>
    /// <c>GET /metrics</c>: an admin route, since source names and traffic are not for every caller. While metrics
    /// are off it answers 404 and says how to turn them on.
    /// </summary>
    public static void MapMetrics(WebApplication app, ObservabilitySettings settings)
    {
        if (!settings.MetricsEnabled)
        {
            app.MapGet("/metrics", () => ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Metrics are off: set METRICS_ENABLED=true to serve them."))
                .WithAccess(AccessPolicy.Public);
            return;
        }
        app.Services.GetRequiredService<UdcMetrics>();
        // The exporter maps every method; GET is the one a scraper uses and the one documented.
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new HttpMethodMetadata(["GET"])).WithAccess(AccessPolicy.Admin);
    }

    private static bool IsTraced(PathString path)
    {
        foreach (var prefix in s_untracedPaths)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }
}
