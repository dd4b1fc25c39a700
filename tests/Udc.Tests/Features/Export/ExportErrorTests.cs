using System.Net;
using System.Text.Json;

namespace Udc.Tests.Features.Export;

/// <summary>Exports refuse what they cannot do with the one error envelope, before any byte of a file is sent.</summary>
public sealed class ExportErrorTests(ExportDemoFixture fixture) : IClassFixture<ExportDemoFixture>
{
    private ExportServer Server => fixture.Server;

    [Fact]
    public async Task Format_Unknown_Is422NamingTheFormats()
    {
        var response = await Server.GetAsync("/export/crm?export_format=pdf");

        var detail = Single(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Equal(["query", "export_format"], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("csv, xlsx, ndjson", detail.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=2")]
    [InlineData("page_size=50")]
    [InlineData("stream=true")]
    public async Task PagingParameter_Is422BecauseAnExportIsTheWholeResult(string parameter)
    {
        var response = await Server.GetAsync($"/export/crm?export_format=csv&{parameter}");

        var detail = Single(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Equal("extra_forbidden", detail.GetProperty("type").GetString());
        Assert.Equal(parameter.Split('=')[0], detail.GetProperty("loc")[1].GetString());
    }

    [Fact]
    public async Task Filter_Invalid_IsTheSame422AsData()
    {
        var data = await Server.GetAsync("/data/crm?status__gt=active&nope=1");
        var export = await Server.GetAsync("/export/crm?status__gt=active&nope=1&export_format=xlsx");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, export.Status);
        Assert.Equal(data.Text, export.Text);
    }

    [Fact]
    public async Task Source_Unknown_Is400ListingTheSources()
    {
        var response = await Server.GetAsync("/export/billing?export_format=csv");

        Single(response, HttpStatusCode.BadRequest, "UNKNOWN_DATA_SOURCE");
        Assert.Contains("analytics, crm, support", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Format_GivenTwice_Is422()
    {
        var response = await Server.GetAsync("/export/crm?export_format=csv&export_format=xlsx");

        Single(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    [InlineData("ndjson")]
    public async Task RowCap_MatchLargerThanCap_Is422ExportTooLargeAndAtTheCapIsWhole(string format)
    {
        await using var server = await ExportServer.StartWithDemoDataAsync(maxRows: 5);

        var refused = await server.GetAsync($"/export/crm?export_format={format}");
        var atCap = (await server.GetAsync($"/export/crm?export_format={format}&customer_id__lte=5")).ExpectOk();

        Single(refused, HttpStatusCode.UnprocessableEntity, "EXPORT_TOO_LARGE");
        var message = JsonDocument.Parse(refused.Body).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("50 customers", message, StringComparison.Ordinal);
        Assert.Contains("capped at 5 rows (UDC_EXPORT_MAX_ROWS)", message, StringComparison.Ordinal);
        Assert.Equal("5", atCap.Headers["x-total-count"]);
    }

    private static JsonElement Single(Download response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status, $"expected {(int)status}, got {(int)response.Status}: {response.Text}");
        Assert.Equal("application/json", response.MediaType);
        using var document = JsonDocument.Parse(response.Body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error.GetProperty("details").EnumerateArray().Single().Clone();
    }
}
