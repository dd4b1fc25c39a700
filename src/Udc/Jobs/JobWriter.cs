using System.Text.Json;

namespace Udc.Jobs;

/// <summary>A job as JSON, the same in <c>GET /jobs/{id}</c>, the list, the cancel answer and the <c>get_job</c> tool.</summary>
internal static class JobWriter
{
    /// <param name="more">Properties a surface adds (the tool's <c>voice_context</c>).</param>
    public static void Write(Utf8JsonWriter writer, Job job, Action<Utf8JsonWriter>? more = null)
    {
        writer.WriteStartObject();
        writer.WriteString("request_id"u8, job.Id);
        writer.WriteString("kind"u8, job.Kind);
        writer.WriteString("vendor"u8, job.Vendor);
        writer.WriteString("status"u8, job.Status);
        writer.WriteNumber("attempts"u8, job.Attempts);
        writer.WritePropertyName("result"u8);
        if (job.Result is { } result)
        {
            writer.WriteRawValue(result, skipInputValidation: true);
        }
        else
        {
            writer.WriteNullValue();
        }
        writer.WriteString("error"u8, job.Error);
        Time(writer, "created_at"u8, job.CreatedAt);
        Time(writer, "updated_at"u8, job.UpdatedAt);
        Time(writer, "started_at"u8, job.StartedAt);
        Time(writer, "finished_at"u8, job.FinishedAt);
        more?.Invoke(writer);
        writer.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? milliseconds)
    {
        if (milliseconds is { } value)
        {
            writer.WriteString(name, DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
