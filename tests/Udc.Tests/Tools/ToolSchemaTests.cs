using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;
using Udc.Engine.Catalog;
using Udc.Tests.TestSupport;
using Udc.Tools;

namespace Udc.Tests.Tools;

/// <summary>
/// The generated tool schemas are valid JSON Schema of the shape every provider accepts, a validator agrees
/// with UDC's own argument check, and the schemas follow the catalog when a source is added.
/// </summary>
public sealed partial class ToolSchemaTests
{
    /// <summary>
    /// What a tool's input schema may be: an object of typed parameters, only the keywords OpenAI, Anthropic and
    /// Gemini's parametersJsonSchema all accept, no $ref, no unions. Written for this test, in JSON Schema itself.
    /// </summary>
    private const string ProviderToolSchema = """
        {
          "type": "object",
          "required": ["type", "properties", "additionalProperties"],
          "properties": {
            "type": {"enum": ["object"]},
            "description": {"type": "string", "minLength": 1},
            "properties": {"type": "object", "additionalProperties": {"$ref": "#/definitions/parameter"}},
            "required": {"type": "array", "items": {"type": "string"}},
            "additionalProperties": {"enum": [false]}
          },
          "additionalProperties": false,
          "definitions": {
            "parameter": {
              "type": "object",
              "required": ["type", "description"],
              "properties": {
                "type": {"enum": ["string", "integer", "number", "boolean", "array", "object"]},
                "description": {"type": "string", "minLength": 1},
                "enum": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "minimum": {"type": "integer"},
                "maximum": {"type": "integer"},
                "maxLength": {"type": "integer", "minimum": 1},
                "maxItems": {"type": "integer", "minimum": 1},
                "items": {"$ref": "#/definitions/parameter"},
                "properties": {"type": "object", "additionalProperties": {"$ref": "#/definitions/parameter"}},
                "required": {"type": "array", "items": {"type": "string"}},
                "additionalProperties": {"enum": [false]}
              },
              "additionalProperties": false
            }
          }
        }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex ParameterName();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();

    [Fact]
    public async Task Schemas_DemoCatalog_PassTheValidatorAndTheProviderShape()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var tools = server.Services.GetRequiredService<ToolCatalog>().Current;
        var shape = await JsonSchema.FromJsonAsync(ProviderToolSchema, Token);

        foreach (var definition in tools.Definitions)
        {
            var text = definition.InputSchema.GetRawText();
            Assert.Empty(shape.Validate(text));
            var schema = await JsonSchema.FromJsonAsync(text, Token);
            Assert.Equal(JsonObjectType.Object, schema.Type);
            Assert.Matches(ToolName(), definition.Name);
            Assert.All(definition.InputSchema.GetProperty("properties").EnumerateObject(), p => Assert.Matches(ParameterName(), p.Name));
        }
    }

    [Theory]
    [InlineData("fetch_data", """{"source": "support", "status": "open", "priority": "high", "page": 1, "page_size": 5}""")]
    [InlineData("fetch_data", """{"source": "support", "customer_id": 12, "conditions": [{"column": "created_at", "op": "gte", "value": "2024-03-01"}]}""")]
    [InlineData("fetch_data", """{"source": "analytics", "metric": "daily_active_users", "start_date": "2024-03-15", "end_date": "2024-03-15"}""")]
    [InlineData("aggregate_data", """{"source": "support", "group_by": ["status", "priority"], "metrics": ["count"], "limit": 10}""")]
    [InlineData("get_record", """{"source": "crm", "id": "7"}""")]
    [InlineData("list_sources", "{}")]
    public async Task Validator_ValidArguments_AcceptedByBoth(string tool, string arguments)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var definition = server.Services.GetRequiredService<ToolCatalog>().Current.Find(tool)!;
        var schema = await JsonSchema.FromJsonAsync(definition.InputSchema.GetRawText(), Token);

        Assert.Empty(schema.Validate(arguments));
        using var document = JsonDocument.Parse(arguments);
        Assert.Empty(ToolArgumentChecker.Check(definition.Parameters, document.RootElement));
    }

    [Theory]
    [InlineData("fetch_data", """{"source": "crm", "page_size": 500}""")]
    [InlineData("fetch_data", """{"source": "nowhere"}""")]
    [InlineData("fetch_data", """{"status": "open"}""")]
    [InlineData("fetch_data", """{"source": "crm", "colour": "red"}""")]
    [InlineData("fetch_data", """{"source": "crm", "status": "bogus"}""")]
    [InlineData("fetch_data", """{"source": "crm", "conditions": [{"column": "name", "op": "like", "value": "a"}]}""")]
    [InlineData("aggregate_data", """{"source": "support", "group_by": ["a", "b", "c", "d", "e"]}""")]
    [InlineData("get_record", """{"source": "crm"}""")]
    [InlineData("list_sources", """{"verbose": true}""")]
    public async Task Validator_OutOfSchemaArguments_RejectedByBoth(string tool, string arguments)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        var definition = server.Services.GetRequiredService<ToolCatalog>().Current.Find(tool)!;
        var schema = await JsonSchema.FromJsonAsync(definition.InputSchema.GetRawText(), Token);

        Assert.NotEmpty(schema.Validate(arguments));
        using var document = JsonDocument.Parse(arguments);
        Assert.NotEmpty(ToolArgumentChecker.Check(definition.Parameters, document.RootElement));
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
        var fetch = after.Find("fetch_data")!.InputSchema.GetProperty("properties");
        Assert.Equal(["analytics", "crm", "orders", "support"], fetch.GetProperty("source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["returned", "shipped"], fetch.GetProperty("state").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("number", fetch.GetProperty("amount").GetProperty("type").GetString());
        Assert.Contains("orders", fetch.GetProperty("customer_id").GetProperty("description").GetString());
        Assert.Contains("orders by order_id", after.Find("get_record")!.Description);
        var shape = await JsonSchema.FromJsonAsync(ProviderToolSchema, Token);
        Assert.All(after.Definitions, d => Assert.Empty(shape.Validate(d.InputSchema.GetRawText())));

        // The fast path follows too: the new source's values are understood.
        var answer = server.Services.GetRequiredService<Udc.Features.Assistant.FastPath.FastPathResolver>().TryAnswer("how many shipped orders");
        Assert.NotNull(answer);
        Assert.Equal("There are 2 shipped orders.", answer.Answer);
    }
}
