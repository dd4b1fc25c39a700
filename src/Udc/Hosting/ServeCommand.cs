using Udc.Cli;
using Udc.Engine.Catalog;

namespace Udc.Hosting;

/// <summary><c>udc serve</c>: checks what can be checked before starting, then runs until stopped.</summary>
internal static class ServeCommand
{
    /// <summary>The exit code when the server cannot listen where it was asked to (the address is taken).</summary>
    public const int ListenFailedExitCode = 1;

    public static async Task<int> RunAsync(ServerOptions options)
    {
        if (!Directory.Exists(options.DataDir))
        {
            await Console.Error.WriteLineAsync($"udc: data folder '{options.DataDir}' does not exist. Create it, or run 'udc generate --out {options.DataDir}' for demo data.");
            return CommandLine.UsageErrorExitCode;
        }
        try
        {
            var settings = UdcSettings.Read(Environment.GetEnvironmentVariable, Path.GetFullPath(options.DataDir), options.Urls);
            if (ListenAddressCheck.Check(options.Urls, settings.Access.AuthEnabled, options.Insecure) is { } refusal)
            {
                await Console.Error.WriteLineAsync($"udc: {refusal}");
                return CommandLine.UsageErrorExitCode;
            }
            StartupCollections.Pause();
            await using var app = UdcApp.Build(options, settings: settings);
            await app.StartAsync();
            StartupCollections.Resume();
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception e) when (e is CatalogConfigException or SettingsException)
        {
            await Console.Error.WriteLineAsync($"udc: {e.Message}");
            return CommandLine.UsageErrorExitCode;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Another process holds the port: say so in one line instead of an unhandled exception's stack trace.
            await Console.Error.WriteLineAsync($"udc: cannot listen on {options.Urls}: the address is already in use. Stop the other server or choose another address with --urls.");
            return ListenFailedExitCode;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // A database UDC cannot open or migrate (unwritable, corrupt, or from another program) stops the start.
            await Console.Error.WriteLineAsync($"udc: the database cannot be used ({e.Message}); check UDC_DATABASE or the data folder's .udc/udc.db.");
            return CommandLine.UsageErrorExitCode;
        }
    }
}
