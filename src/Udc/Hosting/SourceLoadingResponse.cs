using System.Globalization;
using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Loading;
using Udc.Engine.Query;
using Udc.Reading;

namespace Udc.Hosting;

/// <summary>
/// 503 <c>SOURCE_LOADING</c>: what a request for a source still loading gets, and <c>/health/ready</c> while any
/// source is: how far each load has come, an estimate of what is left, and <c>Retry-After</c>.
/// </summary>
internal static class SourceLoadingResponse
{
    /// <summary>Retry-After is at least a second (its unit) and at most 30: a long load is asked about again meanwhile.</summary>
    private const int MaxRetryAfterSeconds = 30;

    /// <summary>The read error of a source still loading, on every surface (a tool's model reads the same message).</summary>
    public static ReadError ForSource(SourceState state, LoadProgress progress)
    {
        var message = $"Source '{state.Name}' is still loading: {Describe(progress)}. Retry in a moment.";
        return Create(message, [new ValidationIssue(["path", "source"], $"{state.Name} is {Phase(progress.Phase)}", "loading")], [state]);
    }

    /// <param name="loading">The sources still loading; empty while the data folder has not been listed yet.</param>
    public static JsonResponse ForReadiness(IReadOnlyList<SourceState> loading, int sourceCount)
    {
        var message = loading.Count == 0
            ? "UDC is listing its data folder."
            : $"{loading.Count} of {sourceCount} sources still loading: {string.Join("; ", loading.Select(s => $"{s.Name} {Describe(s.Progress!)}"))}.";
        return ApiError.From(Create(message, [.. loading.Select(s => new ValidationIssue(["source", s.Name], $"{s.Name} is {Phase(s.Progress!.Phase)}", "loading"))], loading));
    }

    /// <summary>One source's progress as <c>/sources</c> and the error both write it.</summary>
    public static void WriteProgress(Utf8JsonWriter writer, LoadProgress progress)
    {
        writer.WriteString("phase"u8, Phase(progress.Phase));
        writer.WriteNumber("bytes_total"u8, progress.TotalBytes);
        writer.WriteNumber("bytes_done"u8, progress.Bytes);
        writer.WriteNumber("percent"u8, Percent(progress));
        writer.WriteNumber("rows_read"u8, progress.Rows);
        writer.WriteNumber("chunks"u8, progress.Chunks);
        writer.WriteNumber("elapsed_ms"u8, Math.Round(progress.Elapsed.TotalMilliseconds));
        if (progress.EstimatedRemaining() is { } remaining)
        {
            writer.WriteNumber("estimated_remaining_ms"u8, Math.Round(remaining.TotalMilliseconds));
        }
        else
        {
            writer.WriteNull("estimated_remaining_ms"u8);
        }
    }

    private static ReadError Create(string message, IReadOnlyList<ValidationIssue> details, IReadOnlyList<SourceState> loading)
    {
        var seconds = loading.Select(s => s.Progress!.EstimatedRemaining()?.TotalSeconds ?? 1).DefaultIfEmpty(1).Max();
        return new ReadError(StatusCodes.Status503ServiceUnavailable, ErrorCodes.SourceLoading, message, details)
        {
            RetryAfterSeconds = (int)Math.Clamp(Math.Ceiling(seconds), 1, MaxRetryAfterSeconds),
            WriteMore = writer =>
            {
                writer.WriteStartArray("progress"u8);
                foreach (var state in loading)
                {
                    writer.WriteStartObject();
                    writer.WriteString("source"u8, state.Name);
                    WriteProgress(writer, state.Progress!);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            },
        };
    }

    /// <summary>"parsing, 45% of 195.8 MB, 420,000 rows, 0.8 s in, about 1 s left"</summary>
    private static string Describe(LoadProgress progress)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Phase(progress.Phase)}, {Percent(progress)}% of {progress.TotalBytes / 1e6:0.0} MB");
        if (progress.Rows > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {progress.Rows:N0} rows");
        }
        text += string.Create(CultureInfo.InvariantCulture, $", {progress.Elapsed.TotalSeconds:0.0} s in");
        return progress.EstimatedRemaining() is { } remaining
            ? text + string.Create(CultureInfo.InvariantCulture, $", about {Math.Max(1, Math.Ceiling(remaining.TotalSeconds)):0} s left")
            : text;
    }

    private static double Percent(LoadProgress progress) =>
        progress.TotalBytes <= 0 ? 0 : Math.Round(100.0 * progress.Bytes / progress.TotalBytes, 1);

    private static string Phase(LoadPhase phase) => phase switch
    {
        LoadPhase.Reading => "reading",
        LoadPhase.Parsing => "parsing",
        LoadPhase.Building => "building",
        _ => "reading_snapshot",
    };
}
