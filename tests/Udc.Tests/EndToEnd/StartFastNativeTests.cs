using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary starts fast at any size: it listens before its data is loaded and says how far the load
/// has come; a restart with unchanged files reads their snapshots; a full disk loses the snapshots, never the data.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class StartFastNativeTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private readonly TempDataDirectory _data = new("udc-e2e-start-");
    private readonly TempDataDirectory _elsewhere = new("udc-e2e-start-db-");

    public void Dispose()
    {
        _data.Dispose();
        _elsewhere.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_MillionTickets_ListensBeforeLoadingThenRestartsFromSnapshots()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Tickets = 1_000_000, Customers = 1_000 });
        var settings = new Dictionary<string, string?> { ["UDC_DATABASE"] = _elsewhere.PathOf("udc.db") };

        await using (var udc = await UdcProcess.StartListeningAsync(_data.Path, settings))
        {
            // 195 MB of tickets take hundreds of milliseconds to parse; the server answers meanwhile.
            using var loading = await udc.Client.GetAsync("/data/support?status=open", Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
            Assert.True(loading.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            using (var error = JsonDocument.Parse(await loading.Content.ReadAsStringAsync(Token)))
            {
                Assert.Equal("SOURCE_LOADING", error.RootElement.GetProperty("error").GetProperty("code").GetString());
                var progress = error.RootElement.GetProperty("error").GetProperty("progress")[0];
                Assert.Equal(new FileInfo(_data.PathOf(DemoDataGenerator.TicketsFileName)).Length, progress.GetProperty("bytes_total").GetInt64());
            }

            await WaitReadyAsync(udc);
            var support = await GetJsonAsync(udc, "/sources/support");
            Assert.Equal(1_000_000, support.GetProperty("data").GetProperty("row_count").GetInt64());
            Assert.Equal("file", support.GetProperty("data").GetProperty("loaded_from").GetString());
            await WaitForAsync(udc, summary => summary.GetProperty("snapshots").GetProperty("written").GetInt64() == 3);
        }

        await using var restarted = await UdcProcess.StartAsync(_data.Path, settings);
        var summary = await GetJsonAsync(restarted, "/health/summary");
        Assert.All(summary.GetProperty("sources").EnumerateArray(), s => Assert.Equal("snapshot", s.GetProperty("loaded_from").GetString()));
        Assert.Equal(3, summary.GetProperty("snapshots").GetProperty("restored").GetInt64());
        var page = await GetJsonAsync(restarted, "/data/support?ticket_id=999999");
        Assert.Equal(999_999, page.GetProperty("data")[0].GetProperty("ticket_id").GetInt64());
    }

    [Fact]
    public async Task Start_StateDirectoryOnAFullDisk_ServesDataAndReportsTheSnapshotsNotWritten()
    {
        // A file system of its own, full to the last block, mounted only for the binary (a private mount namespace).
        if (!await CanMountAsync())
        {
            Assert.Skip("mounting a tmpfs in a private mount namespace needs root (CAP_SYS_ADMIN); CI runs as root");
        }
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Tickets = 2_000 });
        var state = _elsewhere.PathOf("state");
        Directory.CreateDirectory(state);
        string[] launcher = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs -o size=256k tmpfs \"$0\" && (dd if=/dev/zero of=\"$0/filler\" bs=4k 2>/dev/null || true) && exec \"$@\"", state];

        await using var udc = await UdcProcess.StartUnderAsync(launcher, _data.Path, new Dictionary<string, string?>
        {
            ["UDC_STATE_DIR"] = state,
            ["UDC_DATABASE"] = _elsewhere.PathOf("udc.db"),
        });

        Assert.Equal(2_000, (await GetJsonAsync(udc, "/data/support?page_size=1")).GetProperty("metadata").GetProperty("total_results").GetInt64());
        var snapshots = (await WaitForAsync(udc, s => s.GetProperty("snapshots").GetProperty("last_problem").ValueKind == JsonValueKind.String)).GetProperty("snapshots");
        Assert.Equal(0, snapshots.GetProperty("written").GetInt64());
        Assert.Contains("writing its snapshot failed", snapshots.GetProperty("last_problem").GetString(), StringComparison.Ordinal);
        Assert.Contains("Snapshot: ", udc.Output, StringComparison.Ordinal);
        // What the binary sees of its state directory: the filler, and no snapshot or half-written file.
        Assert.Equal(["filler"], Directory.GetFileSystemEntries($"/proc/{udc.Id}/root{state}", "*", SearchOption.AllDirectories)
            .Where(File.Exists).Select(Path.GetFileName));
    }

    private static async Task<bool> CanMountAsync()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /mnt"])
            {
                RedirectStandardError = true,
            })!;
            await probe.WaitForExitAsync(Token);
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task WaitReadyAsync(UdcProcess udc)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var ready = await udc.Client.GetAsync("/health/ready", Token);
            if (ready.StatusCode == HttpStatusCode.OK || deadline.Elapsed > s_bound)
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                return;
            }
            // The server says when the load should be done.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, (ready.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)).TotalMilliseconds)), Token);
        }
    }

    /// <summary>Polls /health/summary until <paramref name="done"/> holds (a background write finishing), within the bound.</summary>
    private static async Task<JsonElement> WaitForAsync(UdcProcess udc, Func<JsonElement, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var summary = await GetJsonAsync(udc, "/health/summary");
            if (done(summary) || deadline.Elapsed > s_bound)
            {
                Assert.True(done(summary), $"not reached within {s_bound}: {summary}");
                return summary;
            }
            await Task.Delay(50, Token);
        }
    }

    private static async Task<JsonElement> GetJsonAsync(UdcProcess udc, string url)
    {
        using var response = await udc.Client.GetAsync(url, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
