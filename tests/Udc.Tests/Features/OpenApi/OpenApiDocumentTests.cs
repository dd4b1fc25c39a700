using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.OpenApi;

public sealed class OpenApiDocumentTests
{
    private static readonly string[] s_methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Document_EveryMappedRoute_IsDocumentedAndNothingElse()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var mapped = server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m.ToLowerInvariant()} {Normalise(e.RoutePattern.RawText!)}"))
            .ToHashSet();
        using var document = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi.json", TestContext.Current.CancellationToken));
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => s_methods.Contains(o.Name)).Select(o => $"{o.Name} {p.Name}"))
            .ToHashSet();
        Assert.Equal(documented.Order(), mapped.Order());
    }

    [Fact]
    public async Task Document_EveryErrorCode_IsListed()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var text = await server.Client.GetStringAsync("/openapi.json", TestContext.Current.CancellationToken);
        foreach (var field in typeof(Udc.Hosting.ErrorCodes).GetFields())
        {
            Assert.Contains($"`{field.GetRawConstantValue()}`", text);
        }
    }

    private static string Normalise(string pattern) => "/" + pattern.Trim('/');
}
