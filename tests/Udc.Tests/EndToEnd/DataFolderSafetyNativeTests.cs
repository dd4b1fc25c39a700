using System.Net;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary with keys on, over a data folder a careless operator or an attacker has touched: links out
/// of the folder and a FIFO are not served (refused at start and on reload, in <c>/sources</c> and the log), and a
/// file truncated to 0 bytes does not empty its source.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class DataFolderSafetyNativeTests : IAsyncLifetime
{
    private static readonly TimeSpan s_reloadTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDataDirectory _data = new("udc-e2e-safety-");
    private readonly TempDataDirectory _outside = new("udc-e2e-outside-");
    private UdcProcess? _udc;
    private string _key = "";

    public async ValueTask InitializeAsync()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions());
        File.CreateSymbolicLink(_data.PathOf("passwd.csv"), "/etc/passwd");
        File.CreateSymbolicLink(_data.PathOf("payroll.json"), _outside.Write("payroll.json", """[{"employee": "a", "salary": 1}]"""));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", _data.PathOf("feed.ndjson")))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        _udc = await UdcProcess.StartAsync(_data.Path, AccessFixture.Settings(("UDC_DATABASE", _outside.PathOf("udc.db"))));
        (_, _key) = await AccessFixture.CreateKeyAsync(_udc.Client, """{"name": "every source"}""");
    }

    public async ValueTask DisposeAsync()
    {
        if (_udc is not null)
        {
            await _udc.DisposeAsync();
        }
        _data.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task Start_LinksAndFifo_RefusedInSourcesAndLogNeverServed()
    {
        var sources = await GetJsonAsync(Unrestricted("/sources"));

        Assert.Equal(["analytics", "crm", "support"], sources.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var refused = sources.GetProperty("metadata").GetProperty("refused_files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("reason").GetString());
        Assert.Equal("a link to a file outside the data folder", refused["passwd.csv"]);
        Assert.Equal("a link to a file outside the data folder", refused["payroll.json"]);
        Assert.Equal("not a regular file (a FIFO)", refused["feed.ndjson"]);
        using var passwd = await _udc!.Client.SendAsync(Unrestricted("/data/passwd"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, passwd.StatusCode);
        Assert.DoesNotContain("root:", await passwd.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("File passwd.csv of the data folder is not served: a link to a file outside the data folder", _udc.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_KeyLimitedToSomeSources_LearnsNoRefusedFileName()
    {
        var (_, key) = await AccessFixture.CreateKeyAsync(_udc!.Client, """{"name": "crm only", "sources": ["crm"]}""");

        var sources = await GetJsonAsync(AccessFixture.WithKey(HttpMethod.Get, "/sources", key));

        Assert.False(sources.GetProperty("metadata").TryGetProperty("refused_files", out _));
        Assert.DoesNotContain("passwd", sources.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_LinkAddedWhileRunning_RefusedAndLogged()
    {
        File.CreateSymbolicLink(_data.PathOf("shadow.csv"), _outside.Write("shadow", "user,hash\nroot,x\n"));

        var refused = await PollAsync(async () =>
        {
            var sources = await GetJsonAsync(Unrestricted("/sources"));
            return sources.GetProperty("metadata").GetProperty("refused_files").EnumerateArray().Any(f => f.GetProperty("file").GetString() == "shadow.csv");
        });

        Assert.True(refused, "shadow.csv was not reported as refused after the reload");
        Assert.Contains("File shadow.csv of the data folder is not served", _udc!.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_FileTruncatedToZeroBytes_KeepsServingAndReportsIt()
    {
        await File.WriteAllBytesAsync(_data.PathOf("customers.json"), [], TestContext.Current.CancellationToken);

        var reported = await PollAsync(async () =>
        {
            var crm = await GetJsonAsync(Unrestricted("/sources/crm"));
            return crm.GetProperty("data").GetProperty("status").GetString() == "reload_failed";
        });

        Assert.True(reported, "the empty file was not reported");
        var page = await GetJsonAsync(Unrestricted("/data/crm?page_size=1"));
        Assert.Equal(50, page.GetProperty("metadata").GetProperty("total_results").GetInt32());
        using var ready = await _udc!.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>A request with a key that may read every source (made once per test).</summary>
    private HttpRequestMessage Unrestricted(string url) => AccessFixture.WithKey(HttpMethod.Get, url, _key);

    private async Task<JsonElement> GetJsonAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _udc!.Client.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(s_reloadTimeout);
        while (!timeout.IsCancellationRequested)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        return false;
    }
}
