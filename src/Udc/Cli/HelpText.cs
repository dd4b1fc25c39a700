using Udc.Engine.Generation;

namespace Udc.Cli;

/// <summary>The text printed for <c>udc --help</c>. Every verb and flag is listed with its default.</summary>
internal static class HelpText
{
    public static string Usage { get; } = $"""
        udc - Universal Data Connector: query business data over HTTP and MCP.

        Usage:
          udc [serve] [options]      Run the HTTP API (the default command).
          udc mcp [options]          Run the MCP server over stdio (serve also answers MCP at /mcp).
          udc generate --out DIR [options]
                                     Write demo data: {DemoDataGenerator.CustomersFileName}, {DemoDataGenerator.TicketsFileName}, {DemoDataGenerator.AnalyticsFileName}.
          udc health [--url URL]     Exit 0 when a running server's /health/live answers 200, else 1
                                     (a container's health check). Default URL: the first listen URL.
          udc help | --help | -h     Show this help.
          udc --version              Show the version.

        Options for serve and mcp:
          --data DIR        Directory of the data files.
                            Default: ${CommandLine.DataDirVariable}, else {CommandLine.DefaultDataDir}.
          --config FILE     Configuration file. Default: none.
          --urls URLS       Listen URLs, separated by ';'.
                            Default: ${CommandLine.AspNetCoreUrlsVariable}, else ${CommandLine.UrlsVariable}, else {CommandLine.DefaultUrls}.
          --insecure        Listen on a non-loopback address with AUTH_ENABLED off (a trusted network only).
                            Default: off, and UDC refuses to start that way.

        Options for generate:
          --out DIR         Directory to write the files to (created if missing). Required.
          --customers N     Number of customers, 1 to {DemoDataOptions.MaxRecords}. Default: {new DemoDataOptions().Customers}.
          --tickets N       Number of support tickets, 1 to {DemoDataOptions.MaxRecords}. Default: {new DemoDataOptions().Tickets}.
          --days N          Days of analytics ending {DemoDataGenerator.AnalyticsLastDay:yyyy-MM-dd}, 1 to {DemoDataOptions.MaxDays}. Default: {new DemoDataOptions().Days}.
          --seed S          Random seed, a whole number >= 0; the same seed writes the same files. Default: {new DemoDataOptions().Seed}.

        Settings for keys, limits, cache, Redis and webhooks come from the environment:
          AUTH_ENABLED, ADMIN_API_KEY, UDC_DATABASE, RATE_LIMIT_PER_SOURCE, RATE_LIMIT_WINDOW_SECONDS,
          RATE_LIMIT_AUTH_FAILURES, RATE_LIMIT_SHARED, TRUSTED_PROXIES, REDIS_URL, CACHE_ENABLED, CACHE_TTL_SECONDS, CACHE_MAX_MB,
          WEBHOOK_SECRET, WEBHOOK_ALLOW_LEGACY_SECRET, WEBHOOK_RETENTION_DAYS, CORS_ORIGINS, MAX_CONNECTIONS,
          METRICS_ENABLED, UDC_LOG_FORMAT, OTEL_EXPORTER_OTLP_ENDPOINT, UDC_SHUTDOWN_DELAY_SECONDS,
          UDC_SHUTDOWN_TIMEOUT_SECONDS (see the README).

        Every option also accepts the --option=value form.
        Exit codes: 0 success, 1 unhealthy (health), 2 invalid command line.
        """;
}
