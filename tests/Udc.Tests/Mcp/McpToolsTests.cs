using System.Text.Json;
using ModelContextProtocol.Client;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Mcp;

/// <summary>The tools through the official SDK client against the in-process server, compared with <c>/data</c>.</summary>
public sealed class McpToolsTests(McpServerFixture fixture) : IClassFixture<McpServerFixture>
{
    private McpClient Client => fixture.Client;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListTools_DemoData_TenReadOnlyToolsAndTheJobPairWithCatalogSchemas()
    {
        var tools = (await Client.ListToolsAsync(cancellationToken: Cancel)).ToDictionary(t => t.Name);

        Assert.Equal(["aggregate_data", "check_quality", "describe_source", "detect_anomalies", "forecast_series", "get_job", "get_record", "get_trend", "list_sources", "query_data", "query_sql", "start_export"], tools.Keys.Order());
        foreach (var tool in tools.Values.Select(t => t.ProtocolTool))
        {
            // start_export starts a job: the one tool that is not read-only.
            Assert.Equal(tool.Name != "start_export", tool.Annotations?.ReadOnlyHint);
            Assert.False(tool.Annotations?.DestructiveHint);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            Assert.Equal("object", tool.InputSchema.GetProperty("type").GetString());
            Assert.Equal("object", tool.OutputSchema!.Value.GetProperty("type").GetString());
            Assert.Equal(tool.Name is not ("start_export" or "get_job"), tool.InputSchema.GetProperty("properties").TryGetProperty("max_tokens", out _));
        }
        var query = tools["query_data"].ProtocolTool.InputSchema.GetProperty("properties");
        Assert.Equal(["analytics", "crm", "support"], query.GetProperty("source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var support = query.GetProperty("filters").GetProperty("anyOf").EnumerateArray().Single(b => b.GetProperty("title").GetString() == "support filters");
        var status = support.GetProperty("properties").GetProperty("status");
        Assert.Contains("open", status.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("integer", support.GetProperty("properties").GetProperty("ticket_id").GetProperty("type").GetString());
    }

    [Fact]
    public async Task QueryData_StatusFilter_SameRowsAndMetadataAsDataApi()
    {
        var result = await Client.CallAsync("query_data", """{"source": "support", "filters": {"status": "open", "priority": "high"}}""");
        var mcp = result.Structured();
        using var http = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/data/support?status=open&priority=high", Cancel));

        Assert.True(JsonElement.DeepEquals(http.RootElement.GetProperty("data"), mcp.GetProperty("data")));
        var metadata = mcp.GetProperty("metadata");
        Assert.Equal(http.RootElement.GetProperty("metadata").GetProperty("voice_context").GetString(), metadata.GetProperty("voice_context").GetString());
        Assert.Equal(http.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32(), metadata.GetProperty("total_results").GetInt32());
        Assert.False(metadata.GetProperty("truncated").GetBoolean());
        Assert.False(metadata.TryGetProperty("next_cursor", out _));
        Assert.Equal("fresh", metadata.GetProperty("staleness_indicator").GetString());
    }

    [Fact]
    public async Task QueryData_SmallBudget_TruncatesAndCursorsReturnEveryRowOnce()
    {
        using var http = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/data/crm?page_size=25&sort=customer_id", Cancel));
        var expected = http.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32();

        var ids = new List<int>();
        var arguments = """{"source": "crm", "page_size": 25, "sort": ["customer_id"], "max_tokens": 400}""";
        var calls = 0;
        while (true)
        {
            var metadata = (await Client.CallAsync("query_data", arguments)).Structured() is var page ? page.GetProperty("metadata") : default;
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("customer_id").GetInt32()));
            Assert.True(page.GetRawText().Length / 4 <= 400 || metadata.GetProperty("returned_results").GetInt32() == 1);
            calls++;
            if (!metadata.TryGetProperty("next_cursor", out var cursor))
            {
                break;
            }
            arguments = JsonSerializer.Serialize(new Dictionary<string, JsonElement> { ["source"] = JsonDocument.Parse("\"crm\"").RootElement, ["cursor"] = cursor, ["max_tokens"] = JsonDocument.Parse("400").RootElement }, McpTestJson.Default.DictionaryStringJsonElement);
        }

        Assert.True(calls > 2, $"a 400-token budget should need several calls, took {calls}");
        Assert.Equal(Enumerable.Range(1, expected), ids);
    }

    [Fact]
    public async Task QueryData_UnknownFilterColumn_IsErrorResultNamingColumns()
    {
        var error = (await Client.CallAsync("query_data", """{"source": "support", "filters": {"stauts": "open"}}""")).Error();

        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Contains("stauts", error.GetProperty("message").GetString());
        Assert.Contains("status", error.GetProperty("message").GetString());
        var detail = error.GetProperty("details")[0];
        Assert.Equal(["arguments", "filters", "stauts"], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"source": "support", "page_size": 500}""", "page_size", "less than or equal to 50")]
    [InlineData("""{"source": "support", "page": "two"}""", "page", "not a valid integer")]
    [InlineData("""{"source": "support", "filters": {"priority__gt": "high"}}""", "priority__gt", "valid: in, ne, contains, startswith, like, isnull")]
    [InlineData("""{"source": "support", "filters": {"ticket_id": "abc"}}""", "ticket_id", "not a valid integer")]
    [InlineData("""{"source": "support", "filters": "status=open"}""", "filters", "must be an object")]
    [InlineData("""{"source": "support", "colour": "red"}""", "colour", "unknown argument")]
    [InlineData("""{"filters": {}}""", "source", "required")]
    [InlineData("""{"source": "support", "cursor": "not-a-cursor"}""", "cursor", "pass next_cursor unchanged")]
    public async Task QueryData_BadArguments_IsErrorResultThatSaysWhatToFix(string arguments, string where, string fix)
    {
        var error = (await Client.CallAsync("query_data", arguments)).Error();

        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Contains(where, error.GetProperty("message").GetString());
        Assert.Contains(fix, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task QueryData_UnknownSource_IsErrorResultListingSources()
    {
        var error = (await Client.CallAsync("query_data", """{"source": "orders"}""")).Error();

        Assert.Equal("UNKNOWN_DATA_SOURCE", error.GetProperty("code").GetString());
        Assert.Contains("analytics, crm, support", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AggregateData_GroupByStatus_SameGroupsAsDataApi()
    {
        var mcp = (await Client.CallAsync("aggregate_data", """{"source": "support", "group_by": ["status", "priority"], "metrics": ["count"]}""")).Structured();
        using var http = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/data/support/aggregate?group_by=status,priority&metrics=count", Cancel));

        Assert.True(JsonElement.DeepEquals(http.RootElement.GetProperty("data"), mcp.GetProperty("data")));
        Assert.Equal(http.RootElement.GetProperty("metadata").GetProperty("voice_context").GetString(), mcp.GetProperty("metadata").GetProperty("voice_context").GetString());
    }

    [Fact]
    public async Task AggregateData_LimitReached_CursorContinuesWithNextGroups()
    {
        var first = (await Client.CallAsync("aggregate_data", """{"source": "support", "group_by": ["customer_id"], "limit": 5}""")).Structured();
        var metadata = first.GetProperty("metadata");
        Assert.True(metadata.GetProperty("truncated").GetBoolean());
        var cursor = metadata.GetProperty("next_cursor").GetString();

        var second = (await Client.CallAsync("aggregate_data", $$"""{"source": "support", "cursor": "{{cursor}}"}""")).Structured();
        using var http = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/data/support/aggregate?group_by=customer_id&limit=10", Cancel));

        var expected = http.RootElement.GetProperty("data").EnumerateArray().Skip(5).Select(g => g.GetRawText());
        Assert.Equal(expected, second.GetProperty("data").EnumerateArray().Select(g => g.GetRawText()));
    }

    [Fact]
    public async Task GetRecord_KnownId_SameRecordAsDataApi()
    {
        var mcp = (await Client.CallAsync("get_record", """{"source": "support", "id": 117}""")).Structured();
        using var http = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/data/support/117", Cancel));

        Assert.True(JsonElement.DeepEquals(http.RootElement.GetProperty("data"), mcp.GetProperty("data")));
        Assert.StartsWith("Ticket 117", mcp.GetProperty("metadata").GetProperty("voice_context").GetString());
    }

    [Fact]
    public async Task GetRecord_UnknownId_IsErrorResultWithIdRange()
    {
        var error = (await Client.CallAsync("get_record", """{"source": "support", "id": 9999}""")).Error();

        Assert.Equal("RECORD_NOT_FOUND", error.GetProperty("code").GetString());
        Assert.Contains("ticket_id runs from 101 to 150", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task GetRecord_Fields_ReturnsOnlyThoseFields()
    {
        var mcp = (await Client.CallAsync("get_record", """{"source": "crm", "id": "3", "fields": ["name", "status"]}""")).Structured();

        Assert.Equal(["name", "status"], mcp.GetProperty("data").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ListSources_DemoData_EverySourceWithFreshnessAndVoice()
    {
        var mcp = (await Client.CallAsync("list_sources")).Structured();

        Assert.Equal(["analytics", "crm", "support"], mcp.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order());
        Assert.All(mcp.GetProperty("data").EnumerateArray(), s => Assert.Equal("just now", s.GetProperty("data_freshness").GetString()));
        Assert.Equal("3 sources: analytics (150 data points), crm (50 customers) and support (50 tickets).", mcp.GetProperty("metadata").GetProperty("voice_context").GetString());
    }

    [Fact]
    public async Task DescribeSource_Support_SameColumnsAsSourcesApi()
    {
        var mcp = (await Client.CallAsync("describe_source", """{"source": "support"}""")).Structured();
        using var http = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync("/sources/support", Cancel));

        Assert.True(JsonElement.DeepEquals(http.RootElement.GetProperty("data").GetProperty("columns"), mcp.GetProperty("data").GetProperty("columns")));
        Assert.Equal("fresh", mcp.GetProperty("metadata").GetProperty("staleness_indicator").GetString());
    }

    [Fact]
    public async Task DescribeSource_TinyBudget_CursorReturnsTheOtherColumns()
    {
        var first = (await Client.CallAsync("describe_source", """{"source": "support", "max_tokens": 300}""")).Structured();
        var metadata = first.GetProperty("metadata");
        Assert.True(metadata.GetProperty("truncated").GetBoolean());
        var names = first.GetProperty("data").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        while (metadata.TryGetProperty("next_cursor", out var cursor))
        {
            var next = (await Client.CallAsync("describe_source", $$"""{"source": "support", "cursor": "{{cursor.GetString()}}", "max_tokens": 300}""")).Structured();
            names.AddRange(next.GetProperty("data").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
            metadata = next.GetProperty("metadata");
        }

        Assert.Equal(["ticket_id", "customer_id", "subject", "status", "priority", "created_at"], names);
    }

    [Fact]
    public async Task EveryTool_GoodCall_CarriesVoiceContextAndFreshness()
    {
        string[][] calls =
        [
            ["query_data", """{"source": "analytics", "filters": {"metric": "daily_active_users"}, "start_date": "2024-03-01", "end_date": "2024-03-31"}"""],
            ["aggregate_data", """{"source": "analytics", "group_by": ["metric"], "metrics": ["avg:value"]}"""],
            ["get_record", """{"source": "crm", "id": 1}"""],
            ["list_sources", "{}"],
            ["describe_source", """{"source": "crm"}"""],
        ];
        foreach (var call in calls)
        {
            var metadata = (await Client.CallAsync(call[0], call[1])).Structured().GetProperty("metadata");
            Assert.False(string.IsNullOrWhiteSpace(metadata.GetProperty("voice_context").GetString()), call[0]);
            Assert.Equal("just now", metadata.GetProperty("data_freshness").GetString());
        }
    }

    [Fact]
    public async Task Resources_DemoData_OnePerSourceWithSchemaAndFreshness()
    {
        var resources = await Client.ListResourcesAsync(cancellationToken: Cancel);
        Assert.Equal(["udc://sources/analytics", "udc://sources/crm", "udc://sources/support"], resources.Select(r => r.Uri).Order());

        var read = await Client.ReadResourceAsync("udc://sources/crm", cancellationToken: Cancel);
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextResourceContents>(Assert.Single(read.Contents)).Text;
        using var document = JsonDocument.Parse(text);
        Assert.Equal(5, document.RootElement.GetProperty("data").GetProperty("columns").GetArrayLength());
        Assert.Equal("fresh", document.RootElement.GetProperty("metadata").GetProperty("staleness_indicator").GetString());
    }
}
