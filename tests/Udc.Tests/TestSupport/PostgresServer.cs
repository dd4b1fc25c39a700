using System.Diagnostics;
using Npgsql;

namespace Udc.Tests.TestSupport;

/// <summary>
/// A real PostgreSQL (the Debian package) in a private cluster: a fresh data directory in a temp folder, a free
/// loopback port, trust authentication for its one user. Tests can stop it mid-test and start it again on the same
/// port with the same data. Run as root (as in CI containers), the cluster belongs to the <c>postgres</c> user,
/// since PostgreSQL refuses to run as root.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;

    private PostgresServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=udc;Database=postgres;Pooling=false";

    private string DataDirectory => Path.Combine(_directory, "data");

    public static bool IsInstalled => FindBin() is not null;

    public static async Task<PostgresServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("udc-pg-").FullName;
        var server = new PostgresServer(directory, UdcProcess.FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres", directory]);
        }
        await server.PgAsync("initdb", ["-D", server.DataDirectory, "-U", "udc", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the cluster (again, after <see cref="StopAsync"/>) on the same port with its data.</summary>
    public Task StartAgainAsync() => PgAsync("pg_ctl", ["-D", DataDirectory, "-w", "-l", Path.Combine(_directory, "log"), "-o",
        $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c log_statement=all", "start"]);

    /// <summary>A fast shutdown: sessions in flight are ended, as when an operator stops the server.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The server's log as written so far: every statement, since the cluster runs with <c>log_statement = 'all'</c>
    /// from its start (set by a reload instead, it reaches already open sessions, such as UDC's pooled connections,
    /// only after their next statement, and a test counting statements would miss some).
    /// </summary>
    public string LogText()
    {
        using var stream = new FileStream(Path.Combine(_directory, "log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }
        Directory.Delete(_directory, recursive: true);
    }

    private Task PgAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(FindBin() ?? throw new InvalidOperationException("postgresql is not installed (apt-get install postgresql)"), tool);
        return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    /// <summary>The newest installed major version's binaries.</summary>
    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
}
