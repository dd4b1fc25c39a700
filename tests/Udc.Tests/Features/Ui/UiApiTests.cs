using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Udc.Features.Ui;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Ui;

/// <summary>
/// The web UI as served: every file embedded and reachable, the right types, revalidation, and a page that
/// a strict Content-Security-Policy does not break (no inline script, style or handler anywhere).
/// </summary>
public sealed partial class UiApiTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private static readonly string s_files = Path.Combine(RepositoryPaths.Root, "src", "Udc", "Features", "Ui", "Files");

    [Fact]
    public async Task Page_Served_IsHtmlWithStrictSecurityHeaders()
    {
        using var response = await fixture.Server.Client.GetAsync("/ui", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public void Files_OnDisk_AreAllEmbedded()
    {
        var onDisk = Directory.GetFiles(s_files).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(onDisk, UiAssets.All.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(UiApi.IndexFile, onDisk);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("api.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    [InlineData("index.html", "text/html")]
    public async Task File_Served_WithItsTypeAndTheUiHeaders(string file, string mediaType)
    {
        using var response = await fixture.Server.Client.GetAsync($"/ui/{file}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(s_files, file), TestContext.Current.CancellationToken),
            await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task File_SameETag_Is304()
    {
        using var first = await fixture.Server.Client.GetAsync("/ui/app.js", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/app.js");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));

        using var second = await fixture.Server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/ui/nope.js")]
    [InlineData("/ui/..%2Fopenapi.json")]
    [InlineData("/ui/Udc.openapi.json")]
    public async Task File_Unknown_Is404Envelope(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        response.ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public void Page_References_EveryOneIsAnEmbeddedFile()
    {
        var html = File.ReadAllText(Path.Combine(s_files, UiApi.IndexFile));
        var references = UiReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        var imports = Directory.GetFiles(s_files, "*.js").SelectMany(f => ModuleImport().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();

        Assert.Equal(["favicon.svg", "app.css", "app.js", "favicon.svg"], references);
        Assert.NotEmpty(imports);
        Assert.All(references.Concat(imports), name => Assert.True(UiAssets.All.ContainsKey(name), $"{name} is referenced but not a UI file"));
    }

    /// <summary>Everything a CSP without 'unsafe-inline' would block, and the DOM sinks that would let data run as markup.</summary>
    [Fact]
    public void Files_NoInlineScriptStyleOrHtmlSinks()
    {
        var html = File.ReadAllText(Path.Combine(s_files, UiApi.IndexFile));
        Assert.All(ScriptTag().Matches(html), m => Assert.True(m.Groups[1].Value.Contains("src=", StringComparison.Ordinal) && m.Groups[2].Value.Trim().Length == 0, $"inline script: {m.Value}"));
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(s_files, "*.js"))
        {
            var script = File.ReadAllText(file);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "'style'", "\"style\"" })
            {
                Assert.False(script.Contains(sink, StringComparison.Ordinal), $"{Path.GetFileName(file)} uses {sink}");
            }
        }
    }

    [GeneratedRegex("""(?:src|href)="/ui/([^"]+)(?=")""")]
    private static partial Regex UiReference();

    [GeneratedRegex("""from '\./([^']+)'""")]
    private static partial Regex ModuleImport();

    [GeneratedRegex("""<script([^>]*)>(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""\son[a-z]+=""")]
    private static partial Regex InlineHandler();
}
