using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Llm;

/// <summary>One tool call a scripted model makes.</summary>
internal sealed record ScriptedCall(string Id, string Name, string ArgumentsJson);

/// <summary>A tool result as UDC sent it back to the model.</summary>
internal sealed record SentResult(string CallId, JsonElement Content, bool IsError);

/// <summary>
/// One provider's wire format as the tests speak it: responses built from the provider's documented
/// examples, and readers that check what UDC sent.
/// </summary>
public abstract class ProviderDialect
{
    public abstract string Provider { get; }

    public abstract string BaseUrlSetting { get; }

    /// <summary>The base URL setting's value for a fake server (OpenAI's includes /v1, as its SDK's does).</summary>
    public virtual string BaseUrl(Uri fake) => fake.ToString().TrimEnd('/');

    internal abstract string ToolCalls(params ScriptedCall[] calls);

    internal abstract string Text(string text);

    /// <summary>A 4xx/5xx body in the provider's error shape.</summary>
    internal abstract string Error(string type, string message);

    /// <summary>Checks the first request field by field: endpoint, headers, model, messages, tools, options.</summary>
    internal abstract void AssertFirstRequest(RecordedRequest request, string apiKey, string model, string userQuery);

    /// <summary>The tool results the request carries in its last turn, in order.</summary>
    internal abstract List<SentResult> SentResults(RecordedRequest request);

    /// <summary>Whether the request lets the model call tools ("auto") or makes it answer ("none").</summary>
    internal abstract string ToolChoice(RecordedRequest request);

    public override string ToString() => Provider;

    protected static string Json(object? value) => value switch
    {
        null => "null",
        string s => JsonEncode(s),
        _ => throw new ArgumentException("only strings", nameof(value)),
    };

    protected static string JsonEncode(string s)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(s);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    protected static void AssertTools(JsonElement tools, Func<JsonElement, (string Name, JsonElement Schema)> read)
    {
        var names = tools.EnumerateArray().Select(t => read(t).Name).ToList();
        Assert.Equal(["list_sources", "describe_source", "query_data", "aggregate_data", "get_record", "get_trend", "detect_anomalies", "forecast_series", "check_quality", "query_sql", "start_export", "get_job"], names);
        foreach (var tool in tools.EnumerateArray())
        {
            var schema = read(tool).Schema;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").ValueKind);
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        }
        var query = read(tools[2]).Schema;
        Assert.Equal(["analytics", "crm", "support"], query.GetProperty("properties").GetProperty("source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("churned", FilterValues(query.GetProperty("properties").GetProperty("filters"), "status"));
    }

    /// <summary>A filter column's enum, whether the dialect keeps one branch per source (anyOf) or merges them.</summary>
    protected static IEnumerable<string?> FilterValues(JsonElement filters, string column)
    {
        var branches = filters.TryGetProperty("anyOf", out var anyOf) ? anyOf.EnumerateArray().ToList() : [filters];
        return branches.Where(b => b.TryGetProperty("properties", out var p) && p.TryGetProperty(column, out _))
            .SelectMany(b => b.GetProperty("properties").GetProperty(column).GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
