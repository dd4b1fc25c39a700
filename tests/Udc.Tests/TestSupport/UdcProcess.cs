using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Udc.Tests.TestSupport;

/// <summary>The native binary running as a real process on a free loopback port.</summary>
internal sealed class UdcProcess : IAsyncDisposable
{
    /// <summary>
    /// The binary listens in milliseconds, then loads its sources; a test with a million rows on a loaded 2-core
    /// machine has taken over 10 s to load; 60 s is the bound, not a wait.
    /// </summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private UdcProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

#nullable disable annotations
    public static Task<UdcProcess> StartAsync(string dataDirectory, params string[] extraArgs) => StartAsync(dataDirectory, null, extraArgs);

    /// <param name="environment">Variables set (or, when null, removed) in the process's environment, on top of the inherited ones.</param>
    public static Task<UdcProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        LaunchAsync([], dataDirectory, environment, extraArgs, waitForLoad: true);

    /// <summary>Starts the binary and returns as soon as it listens (<c>/health/live</c>), while its sources may still load.</summary>
    public static Task<UdcProcess> StartListeningAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment = null) =>
        LaunchAsync([], dataDirectory, environment, [], waitForLoad: false);

    /// <summary>
    /// Starts the binary through <paramref name="launcher"/>, a command line that ends by executing the binary with the
    /// arguments that follow it (<c>unshare ... sh -c '...; exec "$@"' sh</c>), and waits for its sources.
    /// </summary>
    public static Task<UdcProcess> StartUnderAsync(IReadOnlyList<string> launcher, string dataDirectory, IReadOnlyDictionary<string, string> environment = null) =>
        LaunchAsync(launcher, dataDirectory, environment, [], waitForLoad: true);

    private static async Task<UdcProcess> LaunchAsync(IReadOnlyList<string> launcher, string dataDirectory, IReadOnlyDictionary<string, string> environment, string[] extraArgs, bool waitForLoad)
#nullable restore annotations
    {
        var binary = await NativeBinary.GetPathAsync();
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string[] command = [.. launcher, binary, "--data", dataDirectory, "--urls", baseAddress.ToString().TrimEnd('/'), .. extraArgs];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("udc did not start");
        var udc = new UdcProcess(process, baseAddress);
        if (waitForLoad)
        {
            await udc.WaitUntilLoadedAsync();
        }
        else
        {
            await udc.WaitUntilLiveAsync();
        }
        return udc;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Until the process listens and has finished its first load: the server answers <c>/health/live</c> at once and
    /// <c>/health/ready</c> with 503 <c>SOURCE_LOADING</c> while it loads; a source that failed still ends the wait.
    /// </summary>
    private async Task WaitUntilLoadedAsync()
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        while (!timeout.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"udc exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Client.GetAsync("/health/ready", timeout.Token);
                if (!await IsLoadingAsync(response, timeout.Token))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(20, timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        throw new TimeoutException($"udc did not finish loading within {s_startTimeout}:\n{Output}");
    }

    private async Task WaitUntilLiveAsync()
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        while (!timeout.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"udc exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Client.GetAsync("/health/live", timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(5, timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        throw new TimeoutException($"udc did not listen within {s_startTimeout}:\n{Output}");
    }

    /// <summary>True for a 503 <c>SOURCE_LOADING</c>, the answer of a server still loading its sources.</summary>
    public static async Task<bool> IsLoadingAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.StatusCode == HttpStatusCode.ServiceUnavailable
        && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"SOURCE_LOADING\"", StringComparison.Ordinal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and Kubernetes do: the process stops gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code once the process has ended; throws when it runs past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"udc still running after {timeout}:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once, as a crash or a power cut would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
