using Udc.Outbound;

namespace Udc.Background;

/// <summary>
/// Registers the one background-work mechanism. A feature adds its <see cref="IWorkHandler"/> (one per queue), puts
/// items in with <see cref="WorkQueue.Add"/> (inside its own transaction) or <see cref="WorkQueue.Enqueue"/>, makes
/// outbound calls through <see cref="OutboundTargets"/>, registers schedules with <see cref="Scheduler.Register"/>,
/// and takes named leases from <see cref="LeaseStore"/> where one holder among replicas is required.
/// </summary>
internal static class BackgroundServices
{
    public static IServiceCollection AddBackgroundWork(this IServiceCollection services)
    {
        services.AddSingleton<OutboundTargets>();
        services.AddSingleton<WorkStream>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<Scheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<Scheduler>());
        services.AddSingleton<WorkerService>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerService>());
        return services;
    }
}
