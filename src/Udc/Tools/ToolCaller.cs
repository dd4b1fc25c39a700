using Udc.Access;

namespace Udc.Tools;

/// <summary>
/// Who calls a tool: the API key (its allow-list, and the partition its rate limits count in), or nobody in
/// particular when keys are off, counted by the address or transport the call came through.
/// </summary>
internal sealed record ToolCaller(ClientIdentity? Identity, string Partition)
{
    /// <param name="anonymousPartition">Where calls without a key are counted: <c>ip:…</c> over HTTP, <c>stdio</c> for <c>udc mcp</c>.</param>
    public static ToolCaller For(ClientIdentity? identity, string anonymousPartition) => new(identity, identity?.Partition ?? anonymousPartition);
}
