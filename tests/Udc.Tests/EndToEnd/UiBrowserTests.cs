using System.Diagnostics;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The web UI of the published native binary in a real browser: Debian's Chromium driven by playwright-core,
/// the suite in <c>tests/ui-e2e</c> (node's test runner; see ui.test.mjs). Screenshots of each tab are left in
/// <c>artifacts/ui</c>. Its Assistant and Keys tests skip themselves only while those endpoints answer 404
/// NOT_FOUND, so they run once the assistant and access features are in the binary.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class UiBrowserTests
{
    /// <summary>The suite takes about ten seconds; three minutes means a hang, and the runner's output says where.</summary>
    private static readonly TimeSpan s_suiteTimeout = TimeSpan.FromMinutes(3);

    private static readonly string s_chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } given ? given : "/usr/bin/chromium";

    [Fact]
    public async Task Chromium_NativeBinary_EveryTabWorks()
    {
        var suite = Path.Combine(RepositoryPaths.Root, "tests", "ui-e2e");
        if (!Directory.Exists(Path.Combine(suite, "node_modules", "playwright-core")))
        {
            Assert.Skip($"tests/ui-e2e/node_modules is missing: run 'npm ci' in {suite} (.ci/run does) to run the browser tests of the web UI.");
        }
        if (!File.Exists(s_chromium))
        {
            Assert.Skip($"{s_chromium} is missing: install Debian's chromium package (.ci/run does) to run the browser tests of the web UI.");
        }

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec"])
        {
            WorkingDirectory = suite,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["UDC_BINARY"] = await NativeBinary.GetPathAsync();
        start.Environment["CHROMIUM_PATH"] = s_chromium;
        start.Environment["UDC_UI_ARTIFACTS"] = Path.Combine(RepositoryPaths.Root, "artifacts", "ui");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_suiteTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
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
    }
}
