using Udc.Mcp.Stdio;

namespace Udc.Fuzz.Targets;

/// <summary>One line on MCP's stdio: a JSON-RPC message for the SDK, or an error response of UDC's, never a throw.</summary>
internal sealed class McpLineTarget : FuzzTarget
{
    public override string Name => "mcp-line";

    public override void Run(ReadOnlySpan<byte> input) => JsonRpcLine.Check(input);
}
