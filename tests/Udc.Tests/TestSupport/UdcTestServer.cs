using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Udc.Cli;
using Udc.Engine.Catalog;
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

    /// <summary>
    /// Settings every test server starts from, whatever the machine's environment: no provider keys, no admin or
    /// master key, and provider URLs on the discard port, so no test can reach a real provider.
    /// </summary>
    private static readonly Dictionary<string, string?> s_baseline = new()
    {
        ["OPENAI_API_KEY"] = "",
        ["ANTHROPIC_API_KEY"] = "",
        ["GEMINI_API_KEY"] = "",
        ["OPENAI_COMPATIBLE_API_KEY"] = "",
        ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1",
        ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9",
        ["GEMINI_BASE_URL"] = "http://127.0.0.1:9",
        ["OPENAI_COMPATIBLE_BASE_URL"] = "",
        ["ADMIN_API_KEY"] = "",
        ["UDC_MASTER_KEY"] = "",
        // Functional suites send hundreds of requests to one server; rate-limit tests set their own limits.
        ["RATE_LIMIT_PER_SOURCE"] = "0",
    };

    /// <summary>Starts a server over demo data written to a new temporary folder.</summary>
    /// <param name="settings">Configuration (environment variable names) laid over the baseline.</param>
    public static Task<UdcTestServer> StartWithDemoDataAsync(DemoDataOptions? options = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("udc-test-").FullName;
        DemoDataGenerator.Write(directory, options ?? new DemoDataOptions());
        return StartAsync(directory, ownsDirectory: true, settings: settings);
    }

#nullable disable annotations
    /// <summary>Starts a server over demo data with the given settings and nothing else.</summary>
    public static Task<UdcTestServer> StartWithDemoDataAsync(IReadOnlyDictionary<string, string> settings)
    {
        var directory = Directory.CreateTempSubdirectory("udc-test-").FullName;
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        return StartAsync(directory, ownsDirectory: true, settings: settings);
    }

    /// <summary>Starts a server over demo data on a clock the test drives.</summary>
    public static Task<UdcTestServer> StartWithDemoDataAsync(IReadOnlyDictionary<string, string> settings, TimeProvider time)
    {
        var directory = Directory.CreateTempSubdirectory("udc-test-").FullName;
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        return StartAsync(directory, ownsDirectory: true, settings: settings, time: time);
    }

    /// <summary>Starts a server over demo data with services of the test's own laid over the app's (an engine budget, say).</summary>
    public static Task<UdcTestServer> StartWithDemoDataAsync(DemoDataOptions options, Action<IServiceCollection> services)
    {
        var directory = Directory.CreateTempSubdirectory("udc-test-").FullName;
        DemoDataGenerator.Write(directory, options);
        return StartAsync(directory, ownsDirectory: true, services: services);
    }

    /// <summary>Starts a server over an existing folder, which the caller keeps; on the system clock unless given one.</summary>
    public static Task<UdcTestServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings = null, TimeProvider time = null) =>
        StartAsync(dataDirectory, ownsDirectory: false, settings: settings, time: time);

    /// <summary>
    /// Starts a server over an existing folder without waiting for its sources: <paramref name="beforeStart"/> gets
    /// the catalog first (to hold a load with <see cref="SourceCatalog.BeforeLoad"/>).
    /// </summary>
    public static Task<UdcTestServer> StartWhileLoadingAsync(string dataDirectory, Action<SourceCatalog> beforeStart) =>
        StartAsync(dataDirectory, ownsDirectory: false, beforeStart: beforeStart);

    /// <remarks>
    /// Settings reach the app as its environment lookup, so the test process's own environment never leaks in.
    /// Tests pass dictionaries whose values may or may not be nullable, so these signatures are nullable-oblivious.
    /// </remarks>
    private static async Task<UdcTestServer> StartAsync(string dataDirectory, bool ownsDirectory, string configFile = null, IReadOnlyDictionary<string, string> settings = null, TimeProvider time = null,
        Action<IServiceCollection> services = null, Action<SourceCatalog> beforeStart = null)
    {
        var options = new ServerOptions(dataDirectory, configFile, "http://127.0.0.1:0", Insecure: false);
        var merged = new Dictionary<string, string>(s_baseline);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }
        var app = UdcApp.Build(options, builder =>
        {
            builder.WebHost.UseTestServer();
            if (time is not null)
            {
                // Registered after the app's system clock, so it is the one every service gets.
                builder.Services.AddSingleton(time);
            }
            services?.Invoke(builder.Services);
        }, name => merged.GetValueOrDefault(name));
#nullable restore annotations
        var catalog = app.Services.GetRequiredService<SourceCatalog>();
        beforeStart?.Invoke(catalog);
        await app.StartAsync();
        // The server listens before its sources load; tests start from loaded sources unless they say otherwise.
        if (beforeStart is null)
        {
            await catalog.Loaded;
        }
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
