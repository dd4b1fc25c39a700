using ModelContextProtocol.AspNetCore;
using Udc.Hosting;

namespace Udc.Mcp.Http;

/// <summary>
/// Streamable HTTP at <c>/mcp</c> in the normal server. Clients on the initialize handshake (2025-11-25 and
/// older) get a session, so tools and resources list_changed notifications reach them on the GET stream;
/// clients on 2026-07-28 are served statelessly, as that revision requires. A plain <c>tools/call</c> is answered
/// as JSON by <see cref="McpToolCallShortcut"/>; the SDK serves everything else.
/// </summary>
internal static class McpEndpoint
{
    public const string Path = "/mcp";

    /// <summary>The server over Streamable HTTP; its <see cref="McpSecurityOptions"/> are registered with the other settings.</summary>
    public static WebApplicationBuilder AddMcpHttp(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter(McpServerSetup.SdkLogCategory, LogLevel.Warning);
        builder.Services.AddSingleton<McpSessions>();
        builder.Services.AddSingleton<McpToolCallAnswer>();
        builder.Services.AddUdcMcpServer().WithHttpTransport(http => http.SessionMode = HttpServerSessionMode.StatefulForInitializeClients);
        builder.Services.AddOptions<HttpServerTransportOptions>().Configure<McpSessions>((http, sessions) =>
        {
            // The handler runs each session exactly as the SDK's default does; it only records the session while it runs.
#pragma warning disable MCPEXP002 // RunSessionHandler is experimental: pinned with the package, and covered by the session tests.
            http.RunSessionHandler = sessions.RunAsync;
#pragma warning restore MCPEXP002
        });
        return builder;
    }

    /// <summary>
    /// The one place <c>/mcp</c> is mapped, behind the Origin and Host checks. Access control (API keys), rate
    /// limits and the audit run before it, so MCP requires the same key as <c>/data</c> without a second code path.
    /// With metrics or traces on, every call goes to the SDK, so its <c>tools/call</c> spans and metrics stay whole.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpEndpoint(this WebApplication app)
    {
        var observability = app.Services.GetRequiredService<UdcSettings>().Observability;
        var shortcut = !observability.MetricsEnabled && observability.TracesEndpoint is null;
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch =>
        {
            branch.UseMiddleware<McpRequestGuard>();
            if (shortcut)
            {
                branch.UseMiddleware<McpToolCallShortcut>();
            }
        });
        return app.MapMcp(Path);
    }
}
