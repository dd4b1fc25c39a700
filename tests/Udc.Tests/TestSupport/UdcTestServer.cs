using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Udc.Cli;
using Udc.Engine.Generation;
using Udc.Hosting;

namespace Udc.Tests.TestSupport;

/// <summary>
/// The real application on an in-process test server: every middleware and endpoint as in production, with
/// requests going through HttpClient but no socket. Each instance owns a data folder, by default a fresh copy
/// of the demo data.
/// </summary>
internal sealed class UdcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UdcTestServer(WebApplication app, string dataDirectory, bool ownsDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        OwnsDirectory = ownsDirectory;
        Client = app.GetTestClient();
    }

    public string DataDirectory { get; }

    private bool OwnsDirectory { get; }

    public HttpClient Client { get; }

    /// <summary>A new client of this server (each with its own default headers).</summary>
    public HttpClient CreateClient() => _app.GetTestClient();

    internal IServiceProvider Services => _app.Services;

    /// <summary>Starts a server over demo data written to a new temporary folder.</summary>
    public static Task<UdcTestServer> StartWithDemoDataAsync(DemoDataOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("udc-test-").FullName;
        DemoDataGenerator.Write(directory, options ?? new DemoDataOptions());
        return StartAsync(directory, ownsDirectory: true);
    }

    /// <summary>Starts a server over demo data with the given settings (environment variables) and nothing else.</summary>
    public static Task<UdcTestServer> StartWithDemoDataAsync(IReadOnlyDictionary<string, string> settings)
    {
        var directory = Directory.CreateTempSubdirectory("udc-test-").FullName;
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        return StartAsync(directory, ownsDirectory: true, settings: settings);
    }

    /// <summary>Starts a server over an existing folder, which the caller keeps.</summary>
    public static Task<UdcTestServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(dataDirectory, ownsDirectory: false, settings: settings);

    private static async Task<UdcTestServer> StartAsync(string dataDirectory, bool ownsDirectory, string? configFile = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var options = new ServerOptions(dataDirectory, configFile, "http://127.0.0.1:0", Insecure: false);
        // Settings come only from the dictionary: the test process's environment never leaks in.
        var app = UdcApp.Build(options, builder => builder.WebHost.UseTestServer(), name => settings?.GetValueOrDefault(name));
        await app.StartAsync();
        return new UdcTestServer(app, dataDirectory, ownsDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (OwnsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
