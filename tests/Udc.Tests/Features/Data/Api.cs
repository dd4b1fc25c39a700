using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>Requests against a test server, through HttpClient or, for bytes HttpClient would re-encode, raw.</summary>
internal static class Api
{
    public static async Task<ApiResponse> GetAsync(this UdcTestServer server, string url)
    {
        using var response = await server.Client.GetAsync(url, TestContext.Current.CancellationToken);
        return await ApiResponse.ReadAsync(response);
    }

    public static async Task<ApiResponse> SendAsync(this UdcTestServer server, HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary>200 with a JSON body, or a failure that shows what came instead.</summary>
    public static async Task<ApiResponse> GetOkAsync(this UdcTestServer server, string url)
    {
        var response = await server.GetAsync(url);
        response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/json", response.MediaType);
        return response;
    }

    /// <summary>
    /// Sends a GET whose path and query string reach the app exactly as given: HttpClient would re-escape a
    /// malformed <c>%ZZ</c> and refuses URIs over 65,519 characters, a socket client does neither.
    /// </summary>
    /// <param name="escapedPath">The path as it would be on the wire, percent-escapes and all.</param>
    /// <param name="rawQuery">The query string without its '?', as it would be on the wire.</param>
    public static async Task<ApiResponse> SendRawAsync(this UdcTestServer server, string escapedPath, string rawQuery)
    {
        var testServer = (TestServer)server.Services.GetRequiredService<IServer>();
        var context = await testServer.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = DecodePath(escapedPath);
            c.Request.QueryString = rawQuery.Length == 0 ? QueryString.Empty : new QueryString("?" + rawQuery);
        }, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(context.Response.Body);
        var body = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var headers = context.Response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var mediaType = context.Response.ContentType?.Split(';')[0].Trim();
        return new ApiResponse((HttpStatusCode)context.Response.StatusCode, mediaType, headers, body);
    }

    /// <summary>
    /// The path as a server decodes it. ASP.NET Core's decoder refuses a NUL (Kestrel answers such a request 400
    /// before the app runs); the app is still given one here, decoded by hand, to prove it would cope.
    /// </summary>
    private static PathString DecodePath(string escapedPath) =>
        escapedPath.Contains("%00", StringComparison.Ordinal)
            ? new PathString(Uri.UnescapeDataString(escapedPath))
            : PathString.FromUriComponent(escapedPath);

    /// <summary>Every record of a source in the server's default order, read from its NDJSON stream.</summary>
    public static async Task<List<JsonElement>> StreamAllAsync(this UdcTestServer server, string source, string query = "")
    {
        var response = await server.GetAsync($"/data/{source}?stream=true{(query.Length == 0 ? "" : "&" + query)}");
        response.Expect(HttpStatusCode.OK);
        return NdjsonLines(response);
    }

    public static List<JsonElement> NdjsonLines(ApiResponse response)
    {
        Assert.Equal("application/x-ndjson", response.MediaType);
        if (response.Body.Length == 0)
        {
            return [];
        }
        Assert.EndsWith("\n", response.Body, StringComparison.Ordinal);
        var rows = new List<JsonElement>();
        foreach (var line in response.Body[..^1].Split('\n'))
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            rows.Add(document.RootElement.Clone());
        }
        return rows;
    }

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static long Int(this JsonElement element, string property) => element.GetProperty(property).GetInt64();

    public static double Number(this JsonElement element, string property) => element.GetProperty(property).GetDouble();

    public static List<string> Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
