using System.Buffers;
using System.Text.Json;
using Udc.Hosting;
using Udc.Mcp;
using Udc.Mcp.Http;
using Udc.Tools;
using Udc.Tools.Schema;

namespace Udc.Tests.Mcp;

/// <summary>The pieces of the MCP server that need no server: cursors, the token budget, the Origin and Host rules.</summary>
public sealed class McpUnitTests
{
    [Fact]
    public void ToolCursor_EncodeDecode_RoundTrips()
    {
        using var query = JsonDocument.Parse("""{"filters": {"status": ["active", "Smith, John"]}, "sort": ["-created_at"]}""");
        var cursor = new ToolCursor("query_data", "crm", query.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()), 3, 7);

        var decoded = ToolCursor.Decode(cursor.Encode());

        Assert.NotNull(decoded);
        Assert.Equal(("query_data", "crm", 3, 7), (decoded.Tool, decoded.Source, decoded.Page, decoded.Skip));
        Assert.Equal("""{"status":["active","Smith, John"]}""", decoded.Query["filters"].GetRawText());
        Assert.Equal("""["-created_at"]""", decoded.Query["sort"].GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("bm90IGpzb24")]
    [InlineData("eyJ0IjoxfQ")]
    [InlineData("eyJ0IjoicXVlcnlfZGF0YSIsInEiOnt9LCJwIjotMSwiayI6MH0")]
    [InlineData("eyJ0IjoicXVlcnlfZGF0YSIsInEiOltdLCJwIjowLCJrIjowfQ")]
    public void ToolCursor_Garbage_DecodesToNull(string text) => Assert.Null(ToolCursor.Decode(text));

    [Fact]
    public void OutputBudget_ItemsOverBudget_KeepsLargestCountThatFits()
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Each item is 100 bytes (25 tokens) inside a 2-byte array: 4 items are 402 bytes = 101 tokens.
        var count = new OutputBudget(100).Fit(buffer, 10, (writer, n) =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < n; i++)
            {
                writer.WriteStringValue(new string('x', 98 - (i == 0 ? 0 : 1)));
            }
            writer.WriteEndArray();
        });

        Assert.Equal(3, count);
        Assert.True(OutputBudget.Estimate(buffer.WrittenCount) <= 100);
    }

    [Fact]
    public void OutputBudget_OneItemOverBudget_StillReturnsOne()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var count = new OutputBudget(1).Fit(buffer, 5, (writer, n) => writer.WriteStringValue(new string('x', 100 * n)));

        Assert.Equal(1, count);
        Assert.Equal(102, buffer.WrittenCount);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("udc.internal", true)]
    [InlineData("evil.example", false)]
    [InlineData("localhost.evil.example", false)]
    public void SecurityOptions_Host_LiteralsLocalhostAndConfiguredNamesOnly(string host, bool allowed)
    {
        var options = McpSecurityOptions.Read(Settings(("UDC_ALLOWED_HOSTS", "udc.internal")), "http://127.0.0.1:8000");

        Assert.Equal(allowed, options.IsAllowedHost(host));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://localhost:6274", true)]
    [InlineData("http://127.0.0.1:8000", true)]
    [InlineData("http://[::1]:3000", true)]
    [InlineData("https://app.example.com", true)]
    [InlineData("https://app.example.com/", true)]
    [InlineData("http://udc.lan:8000", true)]
    [InlineData("http://udc.lan:9000", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("null", false)]
    [InlineData("file://", false)]
    public void SecurityOptions_Origin_LoopbackSameOriginAndConfiguredOnly(string? origin, bool allowed)
    {
        var options = McpSecurityOptions.Read(Settings(("UDC_ALLOWED_ORIGINS", "https://app.example.com")), "http://udc.lan:8000");

        Assert.Equal(allowed, options.IsAllowedOrigin(origin, "http", "udc.lan:8000"));
    }

    [Fact]
    public void SecurityOptions_ListenUrls_NamedHostsAllowedWildcardsIgnored()
    {
        var options = McpSecurityOptions.Read(Settings(), "http://udc.lan:8000;http://*:9000;http://+:9001;http://0.0.0.0:9002");

        Assert.Equal(["udc.lan", "0.0.0.0"], options.AllowedHosts.Order(StringComparer.Ordinal).Reverse());
    }

    [Theory]
    [InlineData("status", "status")]
    [InlineData("address.city", @"address\.city")]
    [InlineData("a(b)|c-d", @"a\(b\)\|c-d")]
    [InlineData("préférence", "préférence")]
    public void EscapeRegex_ColumnName_OnlySyntaxCharactersEscaped(string name, string expected) => Assert.Equal(expected, SchemaWriter.EscapeRegex(name));

    private static SettingsReader Settings(params (string Key, string Value)[] values) =>
        new(name => values.FirstOrDefault(v => v.Key == name).Value);
}
