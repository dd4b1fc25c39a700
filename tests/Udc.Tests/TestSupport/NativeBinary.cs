using System.Diagnostics;

namespace Udc.Tests.TestSupport;

/// <summary>
/// The published Native AOT executable the end-to-end tests run. <c>UDC_BINARY</c> names one that is already
/// built; otherwise it is published once per test run into <c>artifacts/native</c>.
/// </summary>
internal static class NativeBinary
{
    private static readonly SemaphoreSlim s_publishLock = new(1, 1);
    private static string? s_path;

    /// <summary>
    /// Publishing takes about two and a half minutes on two cores with nothing else running, and it shares them with
    /// the rest of the suite; ten minutes means something is wrong.
    /// </summary>
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromMinutes(10);

    public static async Task<string> GetPathAsync()
    {
        if (s_path is not null)
        {
            return s_path;
        }
        await s_publishLock.WaitAsync();
        try
        {
            return s_path ??= Environment.GetEnvironmentVariable("UDC_BINARY") is { Length: > 0 } given ? Path.GetFullPath(given) : await PublishAsync();
        }
        finally
        {
            s_publishLock.Release();
        }
    }

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(RepositoryPaths.Root, "artifacts", "native");
        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryPaths.Root, "src", "Udc"), "-c", "Release", "-o", output, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_publishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A publish left running would compete with the next test's attempt for the cores and the output folder.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {s_publishTimeout.TotalMinutes} minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return Path.Combine(output, "udc");
    }
}
