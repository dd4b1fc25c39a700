using Microsoft.Extensions.DependencyInjection;
using Udc.Background;

namespace Udc.Tests.Features.Jobs;

internal static class JobsServices
{
    /// <summary>Work items still open in the server's database (0 once every job is settled).</summary>
    public static Task<int> GetWorkItemCountAsync(this IServiceProvider services) =>
        Task.FromResult(services.GetRequiredService<WorkQueue>().CountOpen().Values.Sum());
}
