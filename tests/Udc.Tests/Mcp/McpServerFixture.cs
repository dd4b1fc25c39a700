using ModelContextProtocol.Client;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Mcp;

/// <summary>One in-process server on the demo data and one SDK client on its <c>/mcp</c>, shared by read-only tests.</summary>
public sealed class McpServerFixture : IAsyncLifetime
{
    internal UdcTestServer Server { get; private set; } = null!;

    internal McpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await UdcTestServer.StartWithDemoDataAsync();
        Client = await McpTestClient.ConnectAsync(Server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
