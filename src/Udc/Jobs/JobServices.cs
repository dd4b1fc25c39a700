using Udc.Background;
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
        return services;
    }
}
