using Udc.Cli;
using Udc.Engine.Catalog;

namespace Udc.Hosting;

/// <summary><c>udc serve</c>: checks what can be checked before starting, then runs until stopped.</summary>
internal static class ServeCommand
{
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
            await using var app = UdcApp.Build(options);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is CatalogConfigException or SettingsException)
        {
            await Console.Error.WriteLineAsync($"udc: {e.Message}");
            return CommandLine.UsageErrorExitCode;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // A database UDC cannot open or migrate (unwritable, corrupt, or from another program) stops the start.
            await Console.Error.WriteLineAsync($"udc: the database cannot be used ({e.Message}); check UDC_DATABASE or the data folder's .udc/udc.db.");
            return CommandLine.UsageErrorExitCode;
        }
    }
}
