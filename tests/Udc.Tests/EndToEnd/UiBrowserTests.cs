using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The web UI of the published native binary in a real browser: Debian's Chromium driven by playwright-core,
/// the suite in <c>tests/ui-e2e</c> (node's test runner; see ui.test.mjs). Screenshots of each tab are left in
/// <c>artifacts/ui</c>.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class UiBrowserTests
{
    private static readonly string s_chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } given ? given : "/usr/bin/chromium";

    /// <summary>The suite takes about ten seconds; three minutes means a hang.</summary>
    [Fact]
    public async Task Chromium_NativeBinary_EveryTabWorks()
    {
        if (!File.Exists(s_chromium))
        {
            Assert.Skip($"{s_chromium} is missing: install Debian's chromium package (.ci/run does) to run the browser tests of the web UI.");
        }
        await NodeSuite.RunAsync("ui-e2e", "playwright-core", TimeSpan.FromMinutes(3),
            ("CHROMIUM_PATH", s_chromium), ("UDC_UI_ARTIFACTS", Path.Combine(RepositoryPaths.Root, "artifacts", "ui")));
    }
}
