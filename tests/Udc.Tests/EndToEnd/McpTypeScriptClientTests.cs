using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The MCP server of the published native binary, driven over Streamable HTTP and stdio by an independent
/// client: the official TypeScript SDK, in <c>tests/mcp-e2e</c> (node's test runner; see its *.test.mjs).
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class McpTypeScriptClientTests
{
    /// <summary>The suite takes a few seconds; two minutes means a hang.</summary>
    [Fact]
    public Task TypeScriptSdk_NativeBinaryOverHttpAndStdio_AllChecksPass() =>
        NodeSuite.RunAsync("mcp-e2e", Path.Combine("@modelcontextprotocol", "sdk"), TimeSpan.FromMinutes(2));
}
