using System.Globalization;
using System.Net;
using System.Text.Json;
using Udc.Features.Export;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Export;

/// <summary>
/// A <see cref="UdcTestServer"/> with the export settings a test needs (as <c>UDC_EXPORT_MAX_ROWS</c> would be
/// set in production) and helpers that read downloads as bytes and compare them with <c>/data</c>.
/// </summary>
internal sealed class ExportServer : IAsyncDisposable
{
    private readonly UdcTestServer _server;

    private ExportServer(UdcTestServer server) => _server = server;

    public HttpClient Client => _server.Client;

    public static async Task<ExportServer> StartWithDemoDataAsync(int? maxRows = null) =>
        new(await UdcTestServer.StartWithDemoDataAsync(settings: Settings(maxRows)));

    /// <summary>A server over a folder the caller keeps.</summary>
    public static async Task<ExportServer> StartAsync(string dataDirectory, int? maxRows = null) =>
        new(await UdcTestServer.StartAsync(dataDirectory, Settings(maxRows)));

    private static Dictionary<string, string?> Settings(int? maxRows) => maxRows is { } max
        ? new() { [ExportSettings.MaxRowsSetting] = max.ToString(CultureInfo.InvariantCulture) }
        : [];

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

    public ValueTask DisposeAsync() => _server.DisposeAsync();
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
