using System.Net;

namespace Udc.Tests.Features.Data;

/// <summary><c>/data/{source}/{id}</c>: one record by its id column, or the error that says why not.</summary>
public abstract class DataRecordTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : DataRecordTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : DataRecordTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : DataRecordTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    [Fact]
    public async Task GetRecord_ExistingCustomer_RecordAndMetadata()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm/7");

        DataSeedExamplesTests.AssertCustomerShape(response.Data);
        Assert.Equal(7, response.Data.Int("customer_id"));
        var metadata = response.Metadata;
        Assert.Equal(["source", "id_column", "data_freshness", "staleness_indicator", "data_type", "voice_context"], metadata.EnumerateObject().Select(p => p.Name));
        Assert.Equal("crm", metadata.Text("source"));
        Assert.Equal("customer_id", metadata.Text("id_column"));
        Assert.Equal("tabular", metadata.Text("data_type"));
        Assert.StartsWith($"Customer 7, {response.Data.Text("name")}: status {response.Data.Text("status")}", metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRecord_ExistingTicket_SameRecordAsTheFilter()
    {
        var filtered = await fixture.Server.GetOkAsync("/data/support?ticket_id=137");

        var response = await fixture.Server.GetOkAsync("/data/support/137");

        DataSeedExamplesTests.AssertTicketShape(response.Data);
        Assert.Equal(filtered.Data[0].GetRawText(), response.Data.GetRawText());
        Assert.Equal("ticket_id", response.Metadata.Text("id_column"));
        Assert.StartsWith("Ticket 137, ", response.Metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/data/support/999")]
    [InlineData("/data/support/100")]
    [InlineData("/data/crm/0")]
    [InlineData("/data/crm/-1")]
    [InlineData("/data/crm/9223372036854775807")]
    public async Task GetRecord_UnknownId_404RecordNotFound(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        var details = response.ExpectError(HttpStatusCode.NotFound, "RECORD_NOT_FOUND");
        Assert.Equal(0, details.GetArrayLength());
    }

    [Theory]
    [InlineData("/data/crm/abc", "int_parsing")]
    [InlineData("/data/crm/1.5", "int_parsing")]
    [InlineData("/data/crm/1e3", "int_parsing")]
    [InlineData("/data/support/99999999999999999999", "int_parsing")]
    [InlineData("/data/support/%20", "value_error")]
    [InlineData("/data/analytics/1", "value_error")]
    [InlineData("/data/analytics/2024-03-05", "value_error")]
    public async Task GetRecord_InvalidId_422WithPathIdLoc(string url, string type)
    {
        var response = await fixture.Server.GetAsync(url);

        var details = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        var detail = Assert.Single(details.EnumerateArray());
        Assert.Equal(["path", "id"], detail.GetProperty("loc").Strings());
        Assert.Equal(type, detail.Text("type"));
    }

    [Fact]
    public async Task GetRecord_SourceWithoutIdColumn_MessageSaysToFilter()
    {
        var response = await fixture.Server.GetAsync("/data/analytics/1");

        var detail = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")[0];
        Assert.Contains("no id column", detail.Text("msg"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRecord_UnknownSource_400UnknownDataSource()
    {
        var response = await fixture.Server.GetAsync("/data/billing/1");

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.BadRequest, "UNKNOWN_DATA_SOURCE").EnumerateArray());
        Assert.Equal(["path", "source"], detail.GetProperty("loc").Strings());
    }

    /// <summary>An id is one value: "1,2" names no record, so it must not answer with customer 1.</summary>
    [Theory]
    [InlineData("/data/crm/1,2")]
    [InlineData("/data/crm/7,")]
    [InlineData("/data/support/101,999")]
    public async Task GetRecord_CommaSeparatedId_NotARecord(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        Assert.True(response.Status is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity,
            $"an id with a comma is not one id; expected 404 or 422, got {(int)response.Status}: {response.Preview}");
        response.ExpectEnvelope();
    }
}
