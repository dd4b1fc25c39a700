using System.Diagnostics;
using System.Net;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>The native binary's command line: exit codes and messages a user or a script sees.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class CommandLineProcessTests
{
    [Fact]
    public async Task Version_NativeBinary_PrintsVersionAndExitsZero()
    {
        var (exitCode, stdout, _) = await RunAsync("--version");
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^udc \d+\.\d+\.\d+", stdout);
    }

    [Fact]
    public async Task UnknownFlag_NativeBinary_ExitsTwoWithMessage()
    {
        var (exitCode, _, stderr) = await RunAsync("--frobnicate");
        Assert.Equal(2, exitCode);
        Assert.Contains("--frobnicate", stderr);
    }

    [Fact]
    public async Task MissingDataFolder_NativeBinary_ExitsTwoWithMessage()
    {
        var (exitCode, _, stderr) = await RunAsync("--data", "/nonexistent/udc-data", "--urls", $"http://127.0.0.1:{UdcProcess.FreePort()}");
        Assert.Equal(2, exitCode);
        Assert.Contains("/nonexistent/udc-data", stderr);
    }

    [Fact]
    public async Task PortTaken_NativeBinary_ExitsOneWithOneLineMessage()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("udc-port-").FullName;
        // Sources to load: the background services are then still waiting for them when the start fails.
        Udc.Engine.Generation.DemoDataGenerator.Write(data, new Udc.Engine.Generation.DemoDataOptions());
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync("--data", data, "--urls", $"http://127.0.0.1:{port}");
            Assert.Equal(1, exitCode);
            Assert.Contains($"udc: cannot listen on http://127.0.0.1:{port}: the address is already in use", stderr);
            Assert.DoesNotContain("Unhandled exception", stderr);
            // A service stopped by the failed start is not reported as a failure of its own.
            Assert.DoesNotContain("BackgroundService failed", stdout + stderr);
            Assert.DoesNotContain("crit:", stdout + stderr);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Generate_NativeBinary_WritesDemoDataThatServes()
    {
        var directory = Directory.CreateTempSubdirectory("udc-gen-").FullName;
        try
        {
            var (exitCode, _, _) = await RunAsync("generate", "--out", directory, "--customers", "7", "--tickets", "9", "--days", "3");
            Assert.Equal(0, exitCode);
            await using var udc = await UdcProcess.StartAsync(directory);
            using var response = await udc.Client.GetAsync("/data/support?page_size=50", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"total_results\":9", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(await NativeBinary.GetPathAsync(), args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
