using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Udc.Ingestion;
using Udc.Ingestion.Running;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Ingestion;

/// <summary>
/// UDC in process over demo data, with a connectors file the test writes and the admin key set; runs are asked for
/// over HTTP and awaited through the service's run-finished event, never by polling.
/// </summary>
internal sealed class IngestHost : IAsyncDisposable
{
    public const string AdminKey = "ingest-admin-key-0123456789";

    private readonly List<RunResult> _finished = [];
    private readonly List<(Func<RunResult, bool> Match, TaskCompletionSource<RunResult> Done)> _waiters = [];

    private IngestHost(UdcTestServer server, string connectorsPath)
    {
        Server = server;
        ConnectorsPath = connectorsPath;
        Service.RunFinished += OnFinished;
    }

    public UdcTestServer Server { get; }

    public string ConnectorsPath { get; }

    public IngestService Service => Server.Services.GetRequiredService<IngestService>();

    public static async Task<IngestHost> StartAsync(string connectorsJson, Dictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var directory = dataDirectory ?? Directory.CreateTempSubdirectory("udc-ingest-").FullName;
        Udc.Engine.Generation.DemoDataGenerator.Write(directory, new Udc.Engine.Generation.DemoDataOptions());
        var path = Path.Combine(directory, "connectors.jsonc");
        await File.WriteAllTextAsync(path, connectorsJson);
        var merged = new Dictionary<string, string>
        {
            ["ADMIN_API_KEY"] = AdminKey,
            ["UDC_WORK_POLL_MS"] = "50",
        };
        foreach (var (key, value) in settings ?? [])
        {
            merged[key] = value;
        }
        var server = await UdcTestServer.StartAsync(directory, merged);
        return new IngestHost(server, path);
    }

    /// <summary>Asks for a run and waits until it ends; returns the run as <c>/ingest/runs/{id}</c> shows it.</summary>
    public async Task<JsonElement> RunAsync(string connector)
    {
        var runId = await RequestRunAsync(connector);
        await WaitForAsync(r => r.RunId == runId);
        return await GetRunAsync(runId);
    }

    public async Task<long> RequestRunAsync(string connector)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ingest/{connector}/run");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("run_id").GetInt64();
    }

    public Task<JsonElement> GetRunAsync(long runId) => GetAsync($"/ingest/runs/{runId}");

    public async Task<JsonElement> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await Server.Client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }

    /// <summary>The first finished run (already finished or still to come) that matches; 60 s at most.</summary>
    public Task<RunResult> WaitForAsync(Func<RunResult, bool> match)
    {
        var done = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_finished)
        {
            if (_finished.FirstOrDefault(match) is { } already)
            {
                return Task.FromResult(already);
            }
            _waiters.Add((match, done));
        }
        return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Every id of the source, read page by page from <c>/data</c>.</summary>
    public async Task<List<string>> IdsAsync(string source, string idColumn = "id")
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var body = await GetAsync($"/data/{source}?page={page}&page_size=50");
            var rows = body.GetProperty("data").EnumerateArray().ToList();
            ids.AddRange(rows.Select(r => r.GetProperty(idColumn).ToString()));
            if (rows.Count < 50)
            {
                return ids;
            }
        }
    }

    private void OnFinished(RunResult result)
    {
        lock (_finished)
        {
            _finished.Add(result);
            foreach (var waiter in _waiters.Where(w => w.Match(result)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(result);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Service.RunFinished -= OnFinished;
        var directory = Server.DataDirectory;
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
