namespace Udc.Tests.Features.Export;

/// <summary>One server over the demo data for the export tests of a class; they only read.</summary>
public sealed class ExportDemoFixture : IAsyncLifetime
{
    private ExportServer? _server;

    internal ExportServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    public async ValueTask InitializeAsync() => _server = await ExportServer.StartWithDemoDataAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
