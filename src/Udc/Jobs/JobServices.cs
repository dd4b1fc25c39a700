using System.Net;
using Udc.Background;
using Udc.Features.Export;
using Udc.Outbound;
using Udc.Storage;

namespace Udc.Jobs;

/// <summary>Jobs on the background mechanism: the store, the vendor client and the runner of the <c>jobs</c> queue.</summary>
internal static class JobServices
{
    /// <summary>Vendors answer on loopback or the LAN; 5 s to connect tells a down vendor from a slow one.</summary>
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOutboundHttpClient(VendorCall.ClientName, _ => s_connectTimeout);
        services.AddSingleton<JobStore>();
        services.AddSingleton<VendorCall>();
        services.AddSingleton(provider => new PiiCleaner(Convert.FromHexString(provider.GetRequiredService<SqliteDatabase>().Meta("pii_key"))));
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IWorkHandler>(provider => provider.GetRequiredService<JobRunner>());
        // Callback URLs come from clients: only public addresses, and private ones the configuration names as addresses.
        services.AddOutboundHttpClient(CallbackSender.ClientName, _ => s_connectTimeout, s => s.GetRequiredService<JobSettings>().CallbackHosts
            .Select(host => IPAddress.TryParse(host, out var address) ? address : null).OfType<IPAddress>().ToHashSet());
        services.AddSingleton<IWorkHandler, CallbackSender>();
        services.AddSingleton(provider => new DownloadLinks(Convert.FromHexString(provider.GetRequiredService<SqliteDatabase>().Meta("download_key"))));
        services.AddSingleton(provider => new ExportFiles(Path.Combine(Path.GetDirectoryName(provider.GetRequiredService<SqliteDatabase>().Path)!, "exports")));
        services.AddSingleton<IWorkHandler, ExportJobRunner>();
        services.AddSingleton<ExportJobStarter>();
        services.AddSingleton<JobPruner>();
        services.AddSingleton<IWorkHandler>(provider => provider.GetRequiredService<JobPruner>());
        services.AddSingleton(JobPruner.Recurring);
        return services;
    }
}
