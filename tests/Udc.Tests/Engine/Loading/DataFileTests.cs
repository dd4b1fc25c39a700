using System.Diagnostics;
using System.Net.Sockets;
using Udc.Engine.Loading;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Loading;

/// <summary>What may be read as a data file: regular files whose real path is inside the data folder, nothing else.</summary>
public sealed class DataFileTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-datafile-");
    private readonly TempDataDirectory _outside = new("udc-outside-");

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    private static readonly byte[] s_line = "{\"n\": 1}\n"u8.ToArray();

    private string Folder => DataFile.RealFolder(_dir.Path);

    [Fact]
    public void Refusal_RegularFile_None()
    {
        var path = _dir.Write("orders.csv", "id\n1\n");

        Assert.Null(DataFile.Refusal(Folder, path));
        Assert.Equal("id\n1\n"u8.ToArray(), DataFile.ReadAllBytes(Folder, path, out var stamp));
        Assert.Equal(5, stamp.Length);
    }

    [Fact]
    public void Refusal_LinkToFileOutsideFolder_Refused()
    {
        var secret = _outside.Write("secret.csv", "password\nhunter2\n");
        var link = _dir.PathOf("shadow.csv");
        File.CreateSymbolicLink(link, secret);

        Assert.Equal("a link to a file outside the data folder", DataFile.Refusal(Folder, link));
        var error = Assert.Throws<SourceLoadException>(() => DataFile.ReadAllBytes(Folder, link, out _));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_LinkToSystemFile_Refused()
    {
        var link = _dir.PathOf("passwd.csv");
        File.CreateSymbolicLink(link, "/etc/passwd");

        Assert.Equal("a link to a file outside the data folder", DataFile.Refusal(Folder, link));
    }

    [Fact]
    public void Refusal_RelativeLinkClimbingOut_Refused()
    {
        _outside.Write("secret.json", "[]");
        var link = _dir.PathOf("up.json");
        File.CreateSymbolicLink(link, Path.Combine("..", Path.GetFileName(_outside.Path), "secret.json"));

        Assert.Equal("a link to a file outside the data folder", DataFile.Refusal(Folder, link));
    }

    [Fact]
    public void Refusal_LinkToDevice_Refused()
    {
        var link = _dir.PathOf("zero.csv");
        File.CreateSymbolicLink(link, "/dev/zero");

        Assert.Equal("a link to a file outside the data folder", DataFile.Refusal(Folder, link));
    }

    [Fact]
    public void Refusal_LinkToFileInsideFolder_Allowed()
    {
        _dir.Write("orders-2024.csv", "id\n1\n");
        var link = _dir.PathOf("orders.csv");
        File.CreateSymbolicLink(link, "orders-2024.csv");

        Assert.Null(DataFile.Refusal(Folder, link));
        Assert.Equal(5, DataFile.ReadAllBytes(Folder, link, out _).Length);
    }

    [Fact]
    public void Refusal_BrokenLink_Refused()
    {
        var link = _dir.PathOf("gone.csv");
        File.CreateSymbolicLink(link, "/nonexistent/udc/file.csv");

        Assert.Equal("a symbolic link whose target does not exist", DataFile.Refusal(Folder, link));
    }

    [Fact]
    public async Task Refusal_Fifo_RefusedWithoutBlocking()
    {
        var fifo = _dir.PathOf("pipe.csv");
        Run("mkfifo", fifo);

        Assert.Equal("not a regular file (a FIFO)", DataFile.Refusal(Folder, fifo));
        // Reading it must not wait for a writer that never comes.
        var read = Task.Run(() => Assert.Throws<SourceLoadException>(() => DataFile.ReadAllBytes(Folder, fifo, out _)), TestContext.Current.CancellationToken);
        var error = await read.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_UnixSocket_Refused()
    {
        var path = _dir.PathOf("socket.json");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        Assert.Equal("not a regular file (a socket)", DataFile.Refusal(Folder, path));
    }

    [Fact]
    public void Refusal_Directory_Refused()
    {
        Directory.CreateDirectory(_dir.PathOf("folder.json"));

        Assert.Equal("not a regular file (a directory)", DataFile.Refusal(Folder, _dir.PathOf("folder.json")));
    }

    [Fact]
    public void RealFolder_FolderReachedThroughLink_FilesInsideAllowed()
    {
        var path = _dir.Write("orders.csv", "id\n1\n");
        var linkedFolder = _outside.PathOf("data");
        Directory.CreateSymbolicLink(linkedFolder, _dir.Path);

        var folder = DataFile.RealFolder(linkedFolder);

        Assert.Null(DataFile.Refusal(folder, Path.Combine(linkedFolder, "orders.csv")));
        Assert.Null(DataFile.Refusal(folder, path));
    }

    [Fact]
    public async Task ReadAllBytes_FileGrowingWhileRead_ReturnsOnlyWholeStampedVersions()
    {
        // An appender writes without pause while the file is read again and again: each read either returns the bytes of the
        // version its stamp describes (so the next refresh sees the file moved on), or says the file changed while
        // it was read. (A write caught inside one system call is only caught by the watcher's quiet period.)
        var path = _dir.Write("log.ndjson", "");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var appender = Task.Run(() =>
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            for (var i = 0; i < 400_000 && !stop.IsCancellationRequested; i++)
            {
                stream.Write(s_line);
                stream.Flush();
            }
        }, TestContext.Current.CancellationToken);
        while (new FileInfo(path).Length < 90_000 && !appender.IsCompleted)
        {
            Thread.Yield();
        }
        var changed = 0;
        for (var i = 0; i < 5_000 && changed < 20 && !appender.IsCompleted; i++)
        {
            try
            {
                var bytes = DataFile.ReadAllBytes(Folder, path, out var stamp);
                Assert.Equal(stamp.Length, bytes.Length);
            }
            catch (FileChangedWhileReadException)
            {
                changed++;
            }
        }
        await stop.CancelAsync();
        await appender;

        Assert.True(changed > 0, "no read overlapped a write, so the check was never exercised");
    }

    [Fact]
    public void ReadAllBytes_MissingFile_SourceLoadException()
    {
        var error = Assert.Throws<SourceLoadException>(() => DataFile.ReadAllBytes(Folder, _dir.PathOf("gone.json"), out _));

        Assert.Equal("gone.json: the file does not exist", error.Message);
    }

    private static void Run(string command, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(command, [argument]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
