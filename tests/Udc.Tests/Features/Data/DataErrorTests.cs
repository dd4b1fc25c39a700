using System.Net;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>The seed's error contract over HTTP: the envelope, its codes, and a loc that points at the culprit.</summary>
public abstract class DataErrorTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : DataErrorTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : DataErrorTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : DataErrorTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    public static TheoryData<string, string, string> InvalidParameters => new()
    {
        { "/data/crm?page=0", "page", "value_error" },
        { "/data/crm?page=-1", "page", "value_error" },
        { "/data/crm?page=abc", "page", "int_parsing" },
        { "/data/crm?page=1.5", "page", "int_parsing" },
        { "/data/crm?page=", "page", "int_parsing" },
        { "/data/crm?page=1000001", "page", "value_error" },
        { "/data/crm?page=1&page=2", "page", "value_error" },
        { "/data/crm?page_size=51", "page_size", "value_error" },
        { "/data/crm?page_size=0", "page_size", "value_error" },
        { "/data/crm?page_size=ten", "page_size", "int_parsing" },
        { "/data/crm?stream=maybe", "stream", "bool_parsing" },
        { "/data/crm?sort=nope", "sort", "value_error" },
        { "/data/crm?sort=-", "sort", "value_error" },
        { "/data/crm?fields=nope", "fields", "value_error" },
        { "/data/crm?fields=", "fields", "value_error" },
        { "/data/crm?query=%00", "query", "value_error" },
        { "/data/crm?start_date=yesterday", "start_date", "date_parsing" },
        { "/data/crm?end_date=2024-02-30", "end_date", "date_parsing" },
        { "/data/crm?start_date=2024-03-10&end_date=2024-03-01", "end_date", "value_error" },
        { "/data/crm?nope=1", "nope", "extra_forbidden" },
        { "/data/crm?Status=active", "Status", "extra_forbidden" },
        { "/data/crm?status__gt=a", "status__gt", "value_error" },
        { "/data/crm?status__regex=a", "status__regex", "value_error" },
        { "/data/crm?status__in=", "status__in", "value_error" },
        { "/data/crm?status=%00", "status", "value_error" },
        { "/data/crm?customer_id=abc", "customer_id", "int_parsing" },
        { "/data/crm?customer_id__isnull=maybe", "customer_id__isnull", "bool_parsing" },
        { "/data/crm?created_at__gt=notadate", "created_at__gt", "date_parsing" },
        { "/data/support?priority__contains=%00", "priority__contains", "value_error" },
        { "/data/support?ticket_id__contains=1", "ticket_id__contains", "value_error" },
        { "/data/analytics?value=abc", "value", "float_parsing" },
        { "/data/analytics?value__gt=NaN", "value__gt", "float_parsing" },
        { "/data/analytics?value__lt=1e400", "value__lt", "float_parsing" },
        { "/data/analytics?metric__startswith=a&date=2024-13-01", "date", "date_parsing" },
    };

    [Theory]
    [MemberData(nameof(InvalidParameters))]
    public async Task InvalidParameter_422ValidationErrorWithQueryLoc(string url, string parameter, string type)
    {
        var response = await fixture.Server.GetAsync(url);

        var details = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Equal("Invalid request parameters", response.Json.GetProperty("error").Text("message"));
        var detail = Assert.Single(details.EnumerateArray());
        Assert.Equal(["query", parameter], detail.GetProperty("loc").Strings());
        Assert.Equal(type, detail.Text("type"));
    }

    [Fact]
    public async Task PageSizeOverMax_SeedsExactError()
    {
        var response = await fixture.Server.GetAsync("/data/crm?page_size=100");

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR").EnumerateArray());
        Assert.Equal(["query", "page_size"], detail.GetProperty("loc").Strings());
        Assert.Equal("ensure this value is less than or equal to 50", detail.Text("msg"));
        Assert.Equal("value_error", detail.Text("type"));
    }

    [Fact]
    public async Task SeveralInvalidParameters_OneDetailEach()
    {
        var response = await fixture.Server.GetAsync("/data/crm?page=0&page_size=99&nope=1&sort=zzz");

        // Named parameters first, then the filters in the order given.
        var details = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Equal(
            ["page", "page_size", "sort", "nope"],
            details.EnumerateArray().Select(d => d.GetProperty("loc")[1].GetString()));
    }

    [Fact]
    public async Task UnknownColumn_MessageNamesTheValidColumns()
    {
        var response = await fixture.Server.GetAsync("/data/support?state=open");

        var detail = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")[0];
        Assert.Contains("ticket_id, customer_id, subject, status, priority, created_at", detail.Text("msg"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongOperatorForType_MessageNamesTheValidOperators()
    {
        var response = await fixture.Server.GetAsync("/data/support?subject__gt=a");

        var detail = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")[0];
        Assert.Contains("valid: in, ne, contains, startswith, like, isnull", detail.Text("msg"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DateRangeOnSourceWithoutTimeColumn_422NamingStartDate()
    {
        using var folder = new TempDataDirectory();
        folder.Write("codes.csv", "code,label\nA,alpha\nB,beta\n");
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetAsync("/data/codes?start_date=2024-03-01");

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR").EnumerateArray());
        Assert.Equal(["query", "start_date"], detail.GetProperty("loc").Strings());
        Assert.Contains("no time column", detail.Text("msg"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/data/billing")]
    [InlineData("/data/CRM")]
    [InlineData("/data/crm%20")]
    [InlineData("/data/billing/aggregate")]
    [InlineData("/sources/billing")]
    public async Task UnknownSource_400UnknownDataSourceListingTheSources(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.BadRequest, "UNKNOWN_DATA_SOURCE").EnumerateArray());
        Assert.Equal(["path", "source"], detail.GetProperty("loc").Strings());
        Assert.Equal("enum", detail.Text("type"));
        Assert.Contains("analytics, crm, support", response.Json.GetProperty("error").Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSource_CheckedBeforeParameters()
    {
        var response = await fixture.Server.GetAsync("/data/billing?page_size=999");

        response.ExpectError(HttpStatusCode.BadRequest, "UNKNOWN_DATA_SOURCE");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/data")]
    [InlineData("/data/")]
    [InlineData("/health")]
    [InlineData("/data/crm/1/extra")]
    [InlineData("/openapi.yaml")]
    public async Task UnknownRoute_404NotFoundEnvelope(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        var details = response.ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, details.GetArrayLength());
    }

    [Theory]
    [InlineData("POST", "/data/crm")]
    [InlineData("PUT", "/data/crm/1")]
    [InlineData("DELETE", "/data/support/101")]
    [InlineData("PATCH", "/data/crm/aggregate")]
    [InlineData("POST", "/sources")]
    [InlineData("DELETE", "/health/live")]
    [InlineData("POST", "/openapi.json")]
    public async Task WrongMethod_405MethodNotAllowedEnvelope(string method, string url)
    {
        var response = await fixture.Server.SendAsync(new HttpMethod(method), url);

        response.ExpectError(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }
}
