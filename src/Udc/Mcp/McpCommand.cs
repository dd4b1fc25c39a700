using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Hosting;
using Udc.Mcp.Stdio;
using Udc.Observability;

namespace Udc.Mcp;

/// <summary>
/// <c>udc mcp</c>: the MCP server over stdio for clients that start it as a subprocess. Standard output
/// carries protocol messages only; logs and errors go to standard error.
/// </summary>
internal static class McpCommand
{
    public static async Task<int> RunAsync(ServerOptions options)
    {
        // Anything that writes to Console.Out by mistake lands on stderr; the transport writes the real stdout stream.
        Console.SetOut(Console.Error);
        if (!Directory.Exists(options.DataDir))
        {
            await Console.Error.WriteLineAsync($"udc: data folder '{options.DataDir}' does not exist. Create it, or run 'udc generate --out {options.DataDir}' for demo data.");
            return CommandLine.UsageErrorExitCode;
        }
        try
        {
            using var host = Build(options);
            // Loaded before the host starts: the stdio session begins reading as soon as it is created, and the
            // sources must be there for its first tools/list, with no list_changed before it is initialized. The tools
            // are generated first, so they follow every load from the first, as in serve.
            host.Services.GetRequiredService<Tools.ToolCatalog>();
            host.Services.GetRequiredService<Engine.Versions.SnapshotHistory>();
            host.Services.GetRequiredService<SourceCatalog>().LoadAll();
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is CatalogConfigException or SettingsException)
        {
            await Console.Error.WriteLineAsync($"udc: {e.Message}");
            return CommandLine.UsageErrorExitCode;
        }
    }

    public static IHost Build(ServerOptions options)
    {
        var builder = Host.CreateApplicationBuilder(UdcHostOptions.Settings);
        var settings = UdcSettings.Read(Environment.GetEnvironmentVariable, Path.GetFullPath(options.DataDir), options.Urls);
        TelemetrySetup.AddLogs(builder.Logging, settings.Observability);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter(McpServerSetup.SdkLogCategory, LogLevel.Warning);
        builder.Services.AddUdc(settings, options);
        // The SDK's stream transport on guarded stdin/stdout: malformed lines get JSON-RPC errors instead of silence.
        var output = new StdioOutput(Console.OpenStandardOutput());
        builder.Services.AddUdcMcpServer().WithStdioGovernance().WithStreamServerTransport(new StdioInputGuard(Console.OpenStandardInput(), output), output);
        return builder.Build();
    }
}
