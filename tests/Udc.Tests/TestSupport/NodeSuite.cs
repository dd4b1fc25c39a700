using System.Diagnostics;

namespace Udc.Tests.TestSupport;

/// <summary>
/// Runs one of the node end-to-end suites (<c>tests/*-e2e</c>, node's own test runner) against the published
/// native binary, and asserts every check ran and passed. Skips when the suite's packages are not installed.
/// </summary>
internal static class NodeSuite
{
    /// <param name="folder">The suite's folder under <c>tests/</c>.</param>
    /// <param name="package">A package under its node_modules whose absence means <c>npm ci</c> was not run.</param>
    /// <param name="timeout">Longer than the suite ever takes: past it the suite hangs, and its output says where.</param>
    /// <param name="environment">Variables for the suite besides <c>UDC_BINARY</c>.</param>
    public static async Task RunAsync(string folder, string package, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var suite = Path.Combine(RepositoryPaths.Root, "tests", folder);
        if (!Directory.Exists(Path.Combine(suite, "node_modules", package)))
        {
            Assert.Skip($"tests/{folder}/node_modules is missing: run 'npm ci' in {suite} (.ci/run does) to run this suite.");
        }

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec"])
        {
            WorkingDirectory = suite,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["UDC_BINARY"] = await NativeBinary.GetPathAsync();
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = $"{await stdout}\n{await stderr}";
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(process.ExitCode == 0, $"node --test exited with {process.ExitCode}:\n{output}");
        Assert.Contains("fail 0", output, StringComparison.Ordinal);
        // A check that skips itself would pass unseen: every check runs.
        Assert.Contains("skipped 0", output, StringComparison.Ordinal);
    }
}
