using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Udc.Tests.TestSupport;
using Udc.Tools;

namespace Udc.Tests.Features.Jobs;

/// <summary>An export started as a job through the one tool model, polled with get_job and fetched by its signed link.</summary>
public sealed class ExportJobTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> CallAsync(UdcTestServer server, string tool, string arguments)
    {
        var runner = server.Services.GetRequiredService<ToolRunner>();
        var set = server.Services.GetRequiredService<ToolCatalog>().Current;
        using var document = JsonDocument.Parse(arguments);
        var values = ToolRunner.ObjectOf(document.RootElement, out _);
        var result = await runner.CallAsync(set, tool, values, new ToolCaller(null, "test"));
        using var json = JsonDocument.Parse(result.Json);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task StartExport_ThenGetJob_CompleteWithASignedLinkToTheFile()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string> { ["UDC_WORK_POLL_MS"] = "50" });

        var started = await CallAsync(server, "start_export", """{"source":"support","filters":{"status":"open"},"fields":["ticket_id","status"]}""");
        var id = started.GetProperty("request_id").GetString()!;
        Assert.Contains("started exporting support", started.GetProperty("voice_context").GetString(), StringComparison.Ordinal);
        JsonElement job;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((job = await CallAsync(server, "get_job", $$"""{"request_id":"{{id}}"}""")).GetProperty("status").GetString() != "complete")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), job.ToString());
            await Task.Delay(20, Token);
        }

        var result = job.GetProperty("result");
        var link = new Uri(result.GetProperty("download_url").GetString()!);
        using var download = await server.Client.GetAsync(link.PathAndQuery, Token);
        var csv = await download.Content.ReadAsStringAsync(Token);
        using var expected = await server.Client.GetAsync("/data/support?status=open&page_size=1", Token);
        var total = (await TestJson.ReadAsync(expected)).GetProperty("metadata").GetProperty("total_results").GetInt32();
        using var forged = await server.Client.GetAsync(link.PathAndQuery[..^4] + "0000", Token);

        Assert.Equal("The export is ready to download.", job.GetProperty("voice_context").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("ticket_id,status", csv, StringComparison.Ordinal);
        Assert.Equal(total, result.GetProperty("rows").GetInt32());
        Assert.Equal(total + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task StartExport_UnknownColumnOrFormat_ErrorAtOnceAndNoJob()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string>());

        var column = await CallAsync(server, "start_export", """{"source":"support","filters":{"nope":"x"}}""");
        var format = await CallAsync(server, "start_export", """{"source":"support","format":"pdf"}""");
        var unknown = await CallAsync(server, "get_job", """{"request_id":"nope"}""");

        Assert.Equal("VALIDATION_ERROR", column.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("VALIDATION_ERROR", format.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("JOB_NOT_FOUND", unknown.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, await server.Services.GetWorkItemCountAsync());
    }

    [Fact]
    public async Task PostJobs_KindExport_RunsAsAJobWithADownloadOfTheFilteredRows()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string> { ["UDC_WORK_POLL_MS"] = "50" });

        var (status, body, response) = await JobsTestClient.PostJobAsync(server.Client,
            """{"kind":"export","source":"support","format":"xlsx","filters":{"status":"open"},"sort":["-created_at"]}""", "export-1");
        var id = body.GetProperty("request_id").GetString()!;
        var (replayStatus, replay, _) = await JobsTestClient.PostJobAsync(server.Client,
            """{"kind":"export","source":"support","format":"xlsx","filters":{"status":"open"},"sort":["-created_at"]}""", "export-1");
        var job = await JobsTestClient.WaitForStatusAsync(server.Client, id, "complete");
        var result = job.GetProperty("result");
        using var download = await server.Client.GetAsync(new Uri(result.GetProperty("download_url").GetString()!).PathAndQuery, Token);
        using var expected = await server.Client.GetAsync("/data/support?status=open&page_size=1", Token);
        var total = (await TestJson.ReadAsync(expected)).GetProperty("metadata").GetProperty("total_results").GetInt32();

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal($"/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.Equal(id, replay.GetProperty("request_id").GetString());
        Assert.Equal("export", job.GetProperty("kind").GetString());
        Assert.Equal(total, result.GetProperty("rows").GetInt32());
        Assert.Equal("xlsx", result.GetProperty("format").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PK"u8.ToArray(), (await download.Content.ReadAsByteArrayAsync(Token))[..2]);
        Assert.Equal(result.GetProperty("file_name").GetString(), download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("support", result.GetProperty("file_name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostJobs_KindExportWithBadArguments_ValidationErrorInTheBodyAndNoJob()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string>());

        var (column, columnBody, _) = await JobsTestClient.PostJobAsync(server.Client, """{"kind":"export","source":"support","filters":{"nope":"x"}}""");
        var (extra, extraBody, _) = await JobsTestClient.PostJobAsync(server.Client, """{"kind":"export","source":"support","format":"pdf","vendor":"x"}""");
        var (unknown, unknownBody, _) = await JobsTestClient.PostJobAsync(server.Client, """{"kind":"export","source":"nope"}""");
        var (kind, kindBody, _) = await JobsTestClient.PostJobAsync(server.Client, """{"kind":"report"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, column);
        Assert.Equal("VALIDATION_ERROR", columnBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, extra);
        var locations = extraBody.GetProperty("error").GetProperty("details").EnumerateArray().Select(d => string.Join('.', d.GetProperty("loc").EnumerateArray().Select(l => l.GetString()))).ToList();
        Assert.Contains("body.format", locations);
        Assert.Contains("body.vendor", locations);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("UNKNOWN_DATA_SOURCE", unknownBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, kind);
        Assert.Contains("export", kindBody.GetProperty("error").GetProperty("details")[0].GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await server.Services.GetWorkItemCountAsync());
    }
}
