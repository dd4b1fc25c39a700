using ModelContextProtocol.AspNetCore;

namespace Udc.Mcp;

/// <summary>
/// Streamable HTTP at <c>/mcp</c> in the normal server. Clients on the initialize handshake (2025-11-25 and
/// older) get a session, so tools and resources list_changed notifications reach them on the GET stream;
/// clients on 2026-07-28 are served statelessly, as that revision requires.
/// </summary>
internal static class McpEndpoint
{
    public const string Path = "/mcp";

    /// <summary>The server over Streamable HTTP; its <see cref="McpSecurityOptions"/> are registered with the other settings.</summary>
    public static WebApplicationBuilder AddMcpHttp(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter(McpServerSetup.SdkLogCategory, LogLevel.Warning);
        builder.Services.AddUdcMcpServer().WithHttpTransport(http => http.SessionMode = HttpServerSessionMode.StatefulForInitializeClients);
        return builder;
    }

    /// <summary>
    /// The one place <c>/mcp</c> is mapped, behind the Origin and Host checks. Access control (API keys) wraps
    /// the returned endpoint, so MCP requires the same key as <c>/data</c> without a second code path.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpEndpoint(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.UseMiddleware<McpRequestGuard>());
        return app.MapMcp(Path);
    }
}
