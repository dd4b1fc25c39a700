using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Udc.Tests.TestSupport;

/// <summary>JSON bodies for requests, written by hand: reflection-based serialization is off in the tests too.</summary>
internal static class TestJson
{
    public static string Object(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static StringContent Content(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A response's body as a detached JSON element.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}
