using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;
using Udc.Engine.Catalog;
using Udc.Tests.TestSupport;
using Udc.Tools;
using Udc.Tools.Schema;

namespace Udc.Tests.Tools;

/// <summary>
/// The one tool set, written by one schema writer for every dialect: MCP and Anthropic get JSON Schema in full, a
/// validator agrees with the runner's own check, OpenAI and Gemini get only the keywords their function calling
/// takes, and the schemas follow the catalog and stay bounded whatever the data holds.
/// </summary>
public sealed partial class ToolSchemaTests
{
    /// <summary>Gemini's documented <c>parametersJsonSchema</c> subset, as far as UDC uses it.</summary>
    private static readonly HashSet<string> s_geminiKeywords =
        ["type", "description", "enum", "minimum", "maximum", "minLength", "maxLength", "items", "minItems", "maxItems", "properties", "required", "additionalProperties", "anyOf"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex ToolName();

    [Fact]
    public async Task Schemas_EveryProfile_ValidJsonSchemaOfItsDialect()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var tools = server.Services.GetRequiredService<ToolCatalog>().Current;

        Assert.Equal(["list_sources", "describe_source", "query_data", "aggregate_data", "get_record", "get_trend", "detect_anomalies", "forecast_series", "check_quality", "query_sql", "start_export", "get_job"], tools.Definitions.Select(d => d.Name));
        foreach (var definition in tools.Definitions)
        {
            Assert.Matches(ToolName(), definition.Name);
            foreach (var profile in SchemaProfiles.All)
            {
                var schema = definition.SchemaFor(profile);
                var parsed = await JsonSchema.FromJsonAsync(schema.GetRawText(), Token);
                Assert.Equal(JsonObjectType.Object, parsed.Type);
                var keywords = Keywords(schema).ToList();
                if (!profile.IsFull())
                {
                    Assert.DoesNotContain("patternProperties", keywords);
                }
                if (profile == SchemaProfile.Gemini)
                {
                    Assert.All(keywords, k => Assert.Contains(k, s_geminiKeywords));
                }
            }
        }
        var filters = tools.Find("query_data")!.SchemaFor(SchemaProfile.Mcp).GetProperty("properties").GetProperty("filters");
        Assert.Equal(3, filters.GetProperty("anyOf").GetArrayLength());
        var merged = tools.Find("query_data")!.SchemaFor(SchemaProfile.OpenAi).GetProperty("properties").GetProperty("filters");
        Assert.False(merged.TryGetProperty("anyOf", out _));
        var crmStatuses = tools.Snapshots.Single(s => s.Name == "crm").Profile.Columns.Single(c => c.Column.Name == "status").Values!;
        Assert.Equal(crmStatuses, merged.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Where(crmStatuses.Contains));
        Assert.False(merged.TryGetProperty("additionalProperties", out _));
    }

    [Theory]
    [InlineData("query_data", """{"source": "support", "filters": {"status": "open", "priority": "high"}, "page": 1, "page_size": 5}""")]
    [InlineData("query_data", """{"source": "support", "filters": {"customer_id": 12, "created_at__gte": "2024-03-01"}}""")]
    [InlineData("query_data", """{"source": "support", "filters": {"status__ne": ["closed", "resolved"]}}""")]
    [InlineData("query_data", """{"source": "analytics", "filters": {"metric": "daily_active_users"}, "start_date": "2024-03-15", "end_date": "2024-03-15"}""")]
    [InlineData("aggregate_data", """{"source": "support", "group_by": ["status", "priority"], "metrics": ["count"], "limit": 10}""")]
    [InlineData("get_record", """{"source": "crm", "id": "7"}""")]
    [InlineData("get_record", """{"source": "crm", "id": 7, "fields": ["name"]}""")]
    [InlineData("describe_source", """{"source": "crm"}""")]
    [InlineData("list_sources", "{}")]
    public async Task Validator_ValidArguments_AcceptedBySchemaAndRunner(string tool, string arguments)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var definition = server.Services.GetRequiredService<ToolCatalog>().Current.Find(tool)!;
        var schema = await JsonSchema.FromJsonAsync(definition.SchemaFor(SchemaProfile.Mcp).GetRawText(), Token);

        Assert.Empty(schema.Validate(arguments));
        var result = await ToolRunnerTests.RunAsync(server, tool, arguments);
        Assert.False(result.IsError, System.Text.Encoding.UTF8.GetString(result.Json));
    }

    [Theory]
    [InlineData("query_data", """{"source": "crm", "page_size": 500}""")]
    [InlineData("query_data", """{"source": "nowhere"}""")]
    [InlineData("query_data", """{"filters": {"status": "open"}}""")]
    [InlineData("query_data", """{"source": "crm", "colour": "red"}""")]
    [InlineData("query_data", """{"source": "crm", "filters": {"colour": "red"}}""")]
    [InlineData("query_data", """{"source": "crm", "filters": {"name__regex": "a"}}""")]
    [InlineData("aggregate_data", """{"source": "support", "group_by": ["a", "b", "c", "d", "e"]}""")]
    [InlineData("get_record", """{"source": "crm"}""")]
    [InlineData("list_sources", """{"verbose": true}""")]
    public async Task Validator_OutOfSchemaArguments_RejectedBySchemaAndRunner(string tool, string arguments)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var definition = server.Services.GetRequiredService<ToolCatalog>().Current.Find(tool)!;
        var schema = await JsonSchema.FromJsonAsync(definition.SchemaFor(SchemaProfile.Mcp).GetRawText(), Token);

        Assert.NotEmpty(schema.Validate(arguments));
        var result = await ToolRunnerTests.RunAsync(server, tool, arguments);
        Assert.True(result.IsError);
    }

    [Fact]
    public async Task Schemas_SourceAdded_MatchTheNewCatalog()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var toolCatalog = server.Services.GetRequiredService<ToolCatalog>();
        var before = toolCatalog.Current;
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "orders.csv"),
            "order_id,customer_id,state,amount\n1,7,shipped,19.5\n2,7,returned,5\n3,12,shipped,42\n", Token);

        server.Services.GetRequiredService<SourceCatalog>().Refresh();

        var after = toolCatalog.Current;
        Assert.NotSame(before, after);
        var query = after.Find("query_data")!.SchemaFor(SchemaProfile.Mcp).GetProperty("properties");
        Assert.Equal(["analytics", "crm", "orders", "support"], query.GetProperty("source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var orders = query.GetProperty("filters").GetProperty("anyOf").EnumerateArray().Single(b => b.GetProperty("title").GetString() == "orders filters").GetProperty("properties");
        Assert.Equal(["returned", "shipped"], orders.GetProperty("state").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("number", orders.GetProperty("amount").GetProperty("type").GetString());
        Assert.Contains("orders: order_id", after.Find("get_record")!.SchemaFor(SchemaProfile.Mcp).GetProperty("properties").GetProperty("id").GetProperty("description").GetString());

        // The fast path follows too: the new source's values are understood.
        var answer = server.Services.GetRequiredService<Udc.Features.Assistant.FastPath.FastPathResolver>().TryAnswer("how many shipped orders");
        Assert.NotNull(answer);
        Assert.Equal("There are 2 shipped orders.", answer.Answer);
    }

    [Fact]
    public async Task Schemas_SameCatalogTwice_IdenticalBytes()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var first = server.Services.GetRequiredService<ToolCatalog>().Current;

        var file = Path.Combine(server.DataDirectory, "customers.json");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(5));
        server.Services.GetRequiredService<SourceCatalog>().Refresh();
        var second = server.Services.GetRequiredService<ToolCatalog>().Current;

        Assert.NotSame(first, second);
        foreach (var profile in SchemaProfiles.All)
        {
            Assert.Equal(first.Definitions.Select(d => d.SchemaFor(profile).GetRawText()), second.Definitions.Select(d => d.SchemaFor(profile).GetRawText()));
        }
    }

    [Fact]
    public async Task Schemas_MillionCharacterCellAndColumnName_StayBounded()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var huge = new string('x', 1_000_000);
        var longName = "c" + new string('y', 5_000);
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "notes.csv"), $"note_id,kind,{longName}\n1,{huge},a\n2,short,b\n", Token);
        server.Services.GetRequiredService<SourceCatalog>().Refresh();

        var tools = server.Services.GetRequiredService<ToolCatalog>().Current;

        Assert.Contains(tools.Snapshots, s => s.Name == "notes");
        foreach (var profile in SchemaProfiles.All)
        {
            var bytes = tools.Definitions.Sum(d => d.SchemaFor(profile).GetRawText().Length);
            Assert.True(bytes < 64 * 1024, $"{profile}: {bytes} bytes of schema");
            Assert.True(tools.TokensFor(profile) < 16 * 1024);
        }
    }

    /// <summary>Every keyword used anywhere in a schema (property names under properties/patternProperties are names, not keywords).</summary>
    private static IEnumerable<string> Keywords(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var property in schema.EnumerateObject())
        {
            yield return property.Name;
            var value = property.Value;
            if (property.Name is "properties" or "patternProperties")
            {
                foreach (var child in value.EnumerateObject().SelectMany(p => Keywords(p.Value)))
                {
                    yield return child;
                }
            }
            else if (property.Name is "items" or "additionalProperties")
            {
                foreach (var child in Keywords(value))
                {
                    yield return child;
                }
            }
            else if (property.Name == "anyOf")
            {
                foreach (var child in value.EnumerateArray().SelectMany(Keywords))
                {
                    yield return child;
                }
            }
        }
    }
}
