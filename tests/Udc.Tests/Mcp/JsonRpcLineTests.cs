using System.Text;
using System.Text.Json;
using Udc.Mcp.Stdio;

namespace Udc.Tests.Mcp;

public sealed class JsonRpcLineTests
{
    [Theory]
    [InlineData("""{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}""")]
    [InlineData("""{"jsonrpc": "2.0", "id": "a", "method": "tools/list", "params": {}}""")]
    [InlineData("""{"jsonrpc": "2.0", "method": "notifications/initialized"}""")]
    [InlineData("""{"jsonrpc": "2.0", "id": 3, "result": {}}""")]
    [InlineData("""{"jsonrpc": "2.0", "id": 3, "error": {"code": -1, "message": "no"}}""")]
    public void Check_JsonRpcMessage_PassesToSdk(string line) => Assert.Null(JsonRpcLine.Check(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [InlineData("not json", -32700, null)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 1,", -32700, null)]
    [InlineData("[]", -32600, null)]
    [InlineData("42", -32600, null)]
    [InlineData("""{"jsonrpc": "1.0", "id": 5, "method": "x"}""", -32600, "5")]
    [InlineData("""{"jsonrpc": "2.0", "id": null, "method": "x"}""", -32600, null)]
    [InlineData("""{"jsonrpc": "2.0", "id": "q", "method": 7}""", -32600, "\"q\"")]
    [InlineData("""{"jsonrpc": "2.0", "id": 9}""", -32600, "9")]
    public void Check_NotAMessage_JsonRpcErrorWithIdWhenReadable(string line, int code, string? id)
    {
        var error = JsonRpcLine.Check(Encoding.UTF8.GetBytes(line));

        Assert.NotNull(error);
        Assert.Equal((byte)'\n', error[^1]);
        using var document = JsonDocument.Parse(error);
        Assert.Equal("2.0", document.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(code, document.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(id ?? "null", document.RootElement.GetProperty("id").GetRawText());
    }
}
