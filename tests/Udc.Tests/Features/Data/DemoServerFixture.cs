using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>
/// One server over a fresh copy of the demo data, shared by the tests of a class. The tests only read, so
/// sharing it saves a start per test without coupling them.
/// </summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    private UdcTestServer? _server;

    internal UdcTestServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    public async ValueTask InitializeAsync() => _server = await UdcTestServer.StartWithDemoDataAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
