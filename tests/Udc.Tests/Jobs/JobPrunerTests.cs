using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Udc.Features.Export;
using Udc.Jobs;
using Udc.Tests.TestSupport;
using static Udc.Tests.Features.Jobs.JobsTestClient;

namespace Udc.Tests.Jobs;

/// <summary>Job retention against a real SQLite file and export folder, on a clock the test drives.</summary>
public sealed class JobPrunerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings() => new() { ["UDC_WORK_POLL_MS"] = "50", ["UDC_JOBS_RETENTION_HOURS"] = "24" };

    private static async Task<string> ExportAsync(UdcTestServer server)
    {
        var (status, body, _) = await PostJobAsync(server.Client, """{"kind":"export","source":"support","filters":{"status":"open"}}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body.GetProperty("request_id").GetString()!;
        await WaitForStatusAsync(server.Client, id, "complete");
        return id;
    }

    [Fact]
    public async Task Prune_FinishedJobsPastRetentionAndTheirFiles_DeletedAndRecentOnesKept()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(), time);
        var files = server.Services.GetRequiredService<ExportFiles>();
        var pruner = server.Services.GetRequiredService<JobPruner>();
        var old = await ExportAsync(server);
        var oldFile = files.Find(old);
        time.Advance(TimeSpan.FromHours(20));
        var recent = await ExportAsync(server);
        time.Advance(TimeSpan.FromHours(5));

        var pruned = pruner.Prune(Token);

        using var gone = await server.Client.GetAsync($"/jobs/{old}", Token);
        Assert.Equal(1, pruned);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.NotNull(oldFile);
        Assert.False(File.Exists(oldFile));
        Assert.Null(files.Find(old));
        Assert.Equal("complete", (await GetAsync(server.Client, recent)).GetProperty("status").GetString());
        Assert.NotNull(files.Find(recent));
        Assert.Equal(0, pruner.Prune(Token));
    }
}
