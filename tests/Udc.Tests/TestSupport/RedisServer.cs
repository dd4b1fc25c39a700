using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Udc.Tests.TestSupport;

/// <summary>
/// A real <c>redis-server</c> (the Debian package) on a free loopback port, without persistence. Tests can
/// kill it (<c>kill -9</c>), hang it (<c>SIGSTOP</c>), resume it and start it again on the same port.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "redis-server";

    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public static bool IsInstalled => Executables.Find(Executable) is not null;

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(UdcProcess.FreePort());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts it again on the same port after <see cref="Kill"/>; the data is gone, as after a crash.</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <summary>SIGKILL: the server vanishes mid-conversation.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>SIGSTOP: the server keeps its sockets open and answers nothing, like a hung host.</summary>
    public void Pause() => Signal(19);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(18);

    private void Signal(int signal)
    {
        if (_process is { HasExited: false } process && kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed");
        }
    }

    /// <summary>Sends one command over a fresh connection and returns the raw RESP reply (for assertions).</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        await using var stream = client.GetStream();
        var command = new System.Text.StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            command.Append('$').Append(System.Text.Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(command.ToString()));
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(Executables.Find(Executable) ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)"),
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                await using var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("redis-server did not answer within 10 s");
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Resume();
            Kill();
        }
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
