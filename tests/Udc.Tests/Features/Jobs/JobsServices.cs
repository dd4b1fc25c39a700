using Microsoft.Extensions.DependencyInjection;
using Udc.Background;

namespace Udc.Tests.Features.Jobs;

internal static class JobsServices
{
    /// <summary>
    /// Work items of jobs still open in the server's database (0 once every job is settled). The hourly pruning runs,
    /// due at start, are not jobs: only the jobs' own queues count, or the count would depend on whether they had run yet.
    /// </summary>
    public static Task<int> GetWorkItemCountAsync(this IServiceProvider services) =>
        Task.FromResult(services.GetRequiredService<WorkQueue>().CountOpen().Where(q => s_jobQueues.Contains(q.Key)).Sum(q => q.Value));

    private static readonly string[] s_jobQueues = [Udc.Jobs.JobStore.Queue, Udc.Jobs.JobStore.ExportQueue, Udc.Jobs.JobStore.CallbackQueue];
}
