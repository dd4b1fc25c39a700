using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>A server over the demo sources (<c>crm</c>, <c>support</c>, <c>analytics</c>), whatever holds their rows.</summary>
public interface IDemoServerFixture
{
    internal UdcTestServer Server { get; }
}

/// <summary>
/// One server over a fresh copy of the demo data, shared by the tests of a class. The tests only read, so
/// sharing it saves a start per test without coupling them.
/// </summary>
public sealed class DemoServerFixture : IDemoServerFixture, IAsyncLifetime
{
    private UdcTestServer? _server;

    UdcTestServer IDemoServerFixture.Server => Server;

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
