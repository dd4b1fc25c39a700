using Microsoft.Extensions.DependencyInjection;
using Udc.Background;

namespace Udc.Tests.Features.Jobs;

internal static class JobsServices
{
    /// <summary>
    /// Work items of jobs still open in the server's database (0 once every job is settled). The hourly pruning run,
    /// due at start, is not a job: it is left out, or the count would depend on whether it had run yet.
    /// </summary>
    public static Task<int> GetWorkItemCountAsync(this IServiceProvider services) =>
        Task.FromResult(services.GetRequiredService<WorkQueue>().CountOpen().Where(q => q.Key != Udc.Jobs.JobPruner.PruneQueue).Sum(q => q.Value));
}
