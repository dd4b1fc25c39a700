using Microsoft.Extensions.DependencyInjection;
using Udc.Features.Assistant.FastPath;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Assistant.FastPath;

/// <summary>A server over <see cref="ShopData"/> on a clock fixed at <see cref="ShopData.Now"/>, shared by the shape table.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    private string _directory = "";

    internal UdcTestServer Server { get; private set; } = null!;

    internal ShopData Data { get; } = new();

    internal FastPathResolver Resolver => Server.Services.GetRequiredService<FastPathResolver>();

    public async ValueTask InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("udc-shop-").FullName;
        Data.Write(_directory);
        Server = await UdcTestServer.StartAsync(_directory, time: new ManualTimeProvider(ShopData.Now));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
