using Udc.Cli;
using Udc.Engine.Catalog;

namespace Udc.Hosting;

/// <summary>The source catalog and its lifetime, shared by the HTTP server and the stdio MCP server.</summary>
internal static class CatalogServices
{
    public static IServiceCollection AddSourceCatalog(this IServiceCollection services, ServerOptions options)
    {
        var catalogOptions = new CatalogOptions(Path.GetFullPath(options.DataDir), options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile));
        services.AddSingleton(TimeProvider.System);
        var reader = new SettingsReader(Environment.GetEnvironmentVariable);
        var state = StateSettings.Read(reader, catalogOptions.DataDirectory);
        if (reader.Errors.Count > 0)
        {
            throw new SettingsException(reader.Errors);
        }
        services.AddSingleton(provider => new SourceCatalog(catalogOptions, provider.GetRequiredService<TimeProvider>()) { Snapshots = state.CreateSnapshotStore() });
        services.AddHostedService<CatalogLifetime>();
        return services;
    }
}
