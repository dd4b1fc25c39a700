using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Udc.Engine.Generation;

/// <summary>
/// Writes the demo data set (customers, support tickets, analytics) from a seed. The same seed and options
/// give byte-identical files on every machine and runtime. Records are streamed, never held in memory: a million
/// customers plus a million tickets (about 370 MB) take about a second and allocate no object per record.
/// </summary>
internal static partial class DemoDataGenerator
{
    public const string CustomersFileName = "customers.json";
    public const string TicketsFileName = "support_tickets.json";
    public const string AnalyticsFileName = "analytics.json";

    // Each file draws from its own stream of the seed, so one file's options never shift another's values.
    private const ulong CustomersStream = 1;
    private const ulong TicketsStream = 2;
    private const ulong AnalyticsStream = 3;

    // The writer's own buffer is the large buffer: it is handed to the file in 1 MiB writes, so the
    // FileStream is unbuffered instead of copying every byte a second time.
    private const int FlushThreshold = 1 << 20;

    // Longest composed value is a name or an email of under 50 bytes; 256 leaves room for new pool entries.
    private const int ScratchBytes = 256;

    // 2024 is a leap year: January 31 + February 29 + March 31 days.
    private const int CreatedAtRangeSeconds = 91 * 86_400;

    private static readonly DateTime s_createdAtStart = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Names like "José" are written as UTF-8, not \u escapes; the files are data, never embedded in HTML.
    // A property, not read back from s_writerOptions, because the static fields of the partial files are
    // initialised in no promised order and the encoded names below need the encoder first.
    private static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = true,
        Encoder = Encoder,
        // Fixed, so Windows and Linux write the same bytes.
        NewLine = "\n",
    };

    private static readonly JsonEncodedText s_createdAt = Encode("created_at");

    public static void Write(string outDir, DemoDataOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outDir);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Customers, DemoDataOptions.MaxRecords);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Tickets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Tickets, DemoDataOptions.MaxRecords);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Days, DemoDataOptions.MaxDays);

        Directory.CreateDirectory(outDir);
        WriteFile(Path.Combine(outDir, CustomersFileName), options, WriteCustomers);
        WriteFile(Path.Combine(outDir, TicketsFileName), options, WriteTickets);
        WriteFile(Path.Combine(outDir, AnalyticsFileName), options, WriteAnalytics);
    }

    private static void WriteFile(string path, DemoDataOptions options, Action<Utf8JsonWriter, DemoDataOptions> writeArray)
    {
        // Written beside the target and moved over it, so a reader never sees half a file.
        var partialPath = path + ".partial";
        using (var stream = new FileStream(partialPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writeArray(writer, options);
            writer.Flush();
        }

        File.Move(partialPath, path, overwrite: true);
    }

    private static void FlushIfFull(Utf8JsonWriter writer)
    {
        if (writer.BytesPending >= FlushThreshold)
        {
            writer.Flush();
        }
    }

    private static void WriteCreatedAt(Utf8JsonWriter writer, ref SplitMix64 rng, Span<byte> scratch)
    {
        var createdAt = s_createdAtStart.AddTicks(rng.NextInt32(CreatedAtRangeSeconds) * TimeSpan.TicksPerSecond);

        // "s" is yyyy-MM-ddTHH:mm:ss; the times are UTC, so a 'Z' completes the ISO 8601 form.
        if (!createdAt.TryFormat(scratch, out var written, "s", CultureInfo.InvariantCulture))
        {
            ThrowScratchTooSmall();
        }

        scratch[written++] = (byte)'Z';
        writer.WriteString(s_createdAt, scratch[..written]);
    }

    private static JsonEncodedText Encode(string value) => JsonEncodedText.Encode(value, Encoder);

    [DoesNotReturn]
    private static void ThrowScratchTooSmall() =>
        throw new InvalidOperationException($"A demo value is longer than the {ScratchBytes}-byte scratch buffer.");
}
