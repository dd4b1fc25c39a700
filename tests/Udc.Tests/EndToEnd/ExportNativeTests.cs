using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// Exports from the published native binary: a million rows stream in flat memory (the process's resident
/// set, read from /proc while the file downloads), and the row cap setting is read from the environment.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ExportNativeTests
{
    private const int MillionRows = 1_000_000;

    /// <summary>The issue's budget: resident memory may grow by less than 50 MB while a million rows stream out.</summary>
    private const long MaxGrowthBytes = 50L * 1024 * 1024;

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task MillionRows_Export_StreamsInFlatMemory(string format)
    {
        using var data = new TempDataDirectory("udc-export-1m-");
        WriteMillionRowCsv(data.PathOf("big.csv"));
        // No column snapshot: its write after the load would run beside the export and count in the resident memory.
        await using var udc = await UdcProcess.StartAsync(data.Path, new Dictionary<string, string> { ["UDC_SNAPSHOT_MAX_MB"] = "0" });
        using var client = new HttpClient { BaseAddress = udc.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        // After a load, the live metrics of the new source are computed in the background (tens of MB over a million
        // rows, later the busier the machine): wait for them, so the window measures the export alone.
        await WaitForLiveMetricsAsync(client, "big");
        // Warm up every code path of the format on a few rows, so the baseline includes code, not data.
        using (var warm = await client.GetAsync($"/export/big?export_format={format}&id__lte=1000", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        // Other work after a load (the tool set's distinct values, the collector returning the load's buffers) ends
        // at no signal: the baseline is taken once the resident set has stopped moving.
        var baseline = await SettledResidentBytesAsync(udc.Id);

        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes(udc.Id));
                await Task.Delay(10, CancellationToken.None);
            }
        }, CancellationToken.None);
        // Outside the data folder: a CSV written there is a new source the server would load while it is measured.
        using var downloads = new TempDataDirectory("udc-export-1m-out-");
        var file = downloads.PathOf($"export.{format}");
        var stopwatch = Stopwatch.StartNew();
        using (var response = await client.GetAsync($"/export/big?export_format={format}", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(MillionRows.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
            await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
            await using var output = File.Create(file);
            await body.CopyToAsync(output, TestContext.Current.CancellationToken);
        }
        stopwatch.Stop();
        await sampling.CancelAsync();
        await sampler;

        var size = new FileInfo(file).Length;
        var rows = format == "csv" ? CountCsvRecords(file) : CountSheetRows(file);
        var growth = peak - baseline;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{format}: {rows:N0} rows, {size:N0} bytes in {stopwatch.Elapsed.TotalSeconds:F2} s; RSS baseline {baseline / 1048576.0:F1} MiB, peak {peak / 1048576.0:F1} MiB, growth {growth / 1048576.0:F1} MiB");
        Assert.Equal(MillionRows, rows);
        Assert.True(growth < MaxGrowthBytes, $"resident memory grew by {growth / 1048576.0:F1} MiB while streaming (budget {MaxGrowthBytes / 1048576} MiB)");
    }

    /// <summary>Reads <c>/sse/metrics</c> until it carries an event of <paramref name="source"/>: its background computation is done.</summary>
    private static async Task WaitForLiveMetricsAsync(HttpClient client, string source)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var response = await client.GetAsync("/sse/metrics", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await events.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains($"\"source\":\"{source}\"", StringComparison.Ordinal))
            {
                return;
            }
        }
        Assert.Fail($"/sse/metrics ended without an event of {source}");
    }

    /// <summary>
    /// The resident set once it has moved by less than 2 MiB over a second and a half (sampled every 100 ms),
    /// or after 30 s whatever it does.
    /// </summary>
    private static async Task<long> SettledResidentBytesAsync(int pid)
    {
        const int window = 15;
        var samples = new Queue<long>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            samples.Enqueue(ResidentBytes(pid));
            if (samples.Count > window)
            {
                samples.Dequeue();
            }
            if ((samples.Count == window && samples.Max() - samples.Min() < 2L * 1024 * 1024) || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                return samples.Last();
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task RowCap_FromEnvironment_RefusesLargerExports()
    {
        using var data = new TempDataDirectory("udc-export-cap-");
        Udc.Engine.Generation.DemoDataGenerator.Write(data.Path, new Udc.Engine.Generation.DemoDataOptions());
        var port = UdcProcess.FreePort();
        using var process = await StartAsync(data.Path, port, "10");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var refused = await PollAsync(() => client.GetAsync("/export/crm", TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("\"code\":\"EXPORT_TOO_LARGE\"", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            using var allowed = await client.GetAsync("/export/crm?customer_id__lte=10&export_format=xlsx", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task RowCap_InvalidInEnvironment_ExitsTwoNamingTheSetting()
    {
        using var data = new TempDataDirectory("udc-export-cap-");
        using var process = await StartAsync(data.Path, UdcProcess.FreePort(), "many");
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("UDC_EXPORT_MAX_ROWS", await stderr, StringComparison.Ordinal);
    }

    private static async Task<Process> StartAsync(string dataDirectory, int port, string maxRows)
    {
        var start = new ProcessStartInfo(await NativeBinary.GetPathAsync(), ["--data", dataDirectory, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["UDC_EXPORT_MAX_ROWS"] = maxRows;
        return Process.Start(start) ?? throw new InvalidOperationException("udc did not start");
    }

    /// <summary>Retries until the server listens and has loaded its sources; bounded at ten seconds.</summary>
    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var response = await send();
                if (deadline.Elapsed >= TimeSpan.FromSeconds(10) || !await UdcProcess.IsLoadingAsync(response, TestContext.Current.CancellationToken))
                {
                    return response;
                }
                response.Dispose();
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>VmRSS of a process, in bytes, from /proc/{pid}/status.</summary>
    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException("no VmRSS in /proc status");
    }

    /// <summary>A million rows of six typed columns: ids, names, a status enum, amounts, flags and instants.</summary>
    private static void WriteMillionRowCsv(string path)
    {
        string[] statuses = ["open", "pending", "closed", "escalated"];
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        writer.Write("id,name,status,amount,paid,created_at\n");
        for (var i = 1; i <= MillionRows; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{i},Customer {i * 7919 % 100_003},{statuses[i % 4]},{i % 10_000 / 100.0},{(i % 3 == 0 ? "true" : "false")},{start.AddSeconds(i * 31L):yyyy-MM-ddTHH:mm:ssZ}\n"));
        }
    }

    private static int CountCsvRecords(string path)
    {
        var lines = 0;
        foreach (var _ in File.ReadLines(path))
        {
            lines++;
        }
        return lines - 1;
    }

    /// <summary>Rows of the sheet below the header, counted while the XML streams out of the ZIP.</summary>
    private static int CountSheetRows(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var marker = "<row "u8.ToArray();
        var buffer = new byte[1 << 16];
        var matched = 0;
        var rows = 0;
        int read;
        while ((read = sheet.Read(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                matched = buffer[i] == marker[matched] ? matched + 1 : buffer[i] == marker[0] ? 1 : 0;
                if (matched == marker.Length)
                {
                    rows++;
                    matched = 0;
                }
            }
        }
        return rows - 1;
    }
}
