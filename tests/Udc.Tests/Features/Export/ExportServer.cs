using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Udc.Cli;
using Udc.Engine.Generation;
using Udc.Features.Export;
using Udc.Hosting;

namespace Udc.Tests.Features.Export;

/// <summary>
/// The real application on an in-process test server, as <c>UdcTestServer</c>, with the export settings a test
/// needs set through configuration (as <c>UDC_EXPORT_MAX_ROWS</c> would be in production).
/// </summary>
internal sealed class ExportServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDirectory;

    private ExportServer(WebApplication app, string? ownedDirectory)
    {
        _app = app;
        _ownedDirectory = ownedDirectory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static Task<ExportServer> StartWithDemoDataAsync(int? maxRows = null)
    {
        var directory = Directory.CreateTempSubdirectory("udc-export-").FullName;
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        return StartAsync(directory, maxRows, ownsDirectory: true);
    }

    /// <summary>A server over a folder the caller keeps.</summary>
    public static Task<ExportServer> StartAsync(string dataDirectory, int? maxRows = null) => StartAsync(dataDirectory, maxRows, ownsDirectory: false);

    private static async Task<ExportServer> StartAsync(string dataDirectory, int? maxRows, bool ownsDirectory)
    {
        var options = new ServerOptions(dataDirectory, null, "http://127.0.0.1:0", Insecure: false);
        var app = UdcApp.Build(options, builder => builder.WebHost.UseTestServer(), name =>
            name == ExportSettings.MaxRowsSetting && maxRows is { } max ? max.ToString(CultureInfo.InvariantCulture) : Environment.GetEnvironmentVariable(name));
        await app.StartAsync();
        return new ExportServer(app, ownsDirectory ? dataDirectory : null);
    }

    public async Task<Download> GetAsync(string url)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new Download(response.StatusCode, response.Content.Headers.ContentType?.MediaType, headers, body);
    }

    /// <summary>What /data answers for the same query: every matching record, in order, from its NDJSON stream.</summary>
    public async Task<List<JsonElement>> DataStreamAsync(string source, string query)
    {
        var response = (await GetAsync($"/data/{source}?stream=true{(query.Length == 0 ? "" : "&" + query)}")).ExpectOk();
        Assert.Equal("application/x-ndjson", response.MediaType);
        return [.. response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>The source's columns in table order, with their types, from /sources/{source}.</summary>
    public async Task<List<(string Name, string Type)>> ColumnsAsync(string source)
    {
        var response = (await GetAsync($"/sources/{source}")).ExpectOk();
        using var document = JsonDocument.Parse(response.Body);
        return [.. document.RootElement.GetProperty("data").GetProperty("columns").EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!))];
    }

    /// <summary>The fields a query returns: its <c>fields</c>, or every column.</summary>
    public async Task<List<string>> FieldsAsync(string source, string query)
    {
        var fields = System.Web.HttpUtility.ParseQueryString(query)["fields"];
        return fields is not null ? [.. fields.Split(',')] : [.. (await ColumnsAsync(source)).Select(c => c.Name)];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedDirectory is not null)
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
    }
}

/// <summary>A response read whole as bytes, for files HttpClient must not decode.</summary>
internal sealed record Download(HttpStatusCode Status, string? MediaType, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public Download ExpectOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {(Body.Length > 600 ? Text[..600] : Text)}");
        return this;
    }
}
