using System.Text.Json;
using Udc.Engine.Query;
using Udc.Tools;

namespace Udc.Features.Export;

/// <summary>
/// An export to run as a job, as stored in the job's payload: <c>{"source", "format", "arguments"}</c>, where the
/// arguments are <c>query_data</c>'s query (filters, text, dates, sort, fields) read by the same tool argument reader
/// when the job runs, so a stored export means what the call meant.
/// </summary>
internal sealed record ExportJobRequest(string Source, ExportFormat Format, IReadOnlyDictionary<string, JsonElement> Arguments)
{
    public const string FormatArgument = "format";

    /// <summary><c>query_data</c>'s query without paging: an export is every matching row.</summary>
    public static readonly string[] QueryArguments =
        [ToolNames.Filters, QueryParameters.Text, QueryParameters.StartDate, QueryParameters.EndDate, QueryParameters.Sort, QueryParameters.Fields];

    /// <summary>CSV and Excel: the formats that make a file someone opens. NDJSON is a stream, served by /export.</summary>
    public static readonly string[] Formats = ["csv", "xlsx"];

    public static ExportJobRequest Parse(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("arguments").EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }
        ExportFormats.TryParse(root.GetProperty(FormatArgument).GetString()!, out var format);
        return new ExportJobRequest(root.GetProperty(ToolNames.Source).GetString()!, format, arguments);
    }

    public string ToPayload()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(ToolNames.Source, Source);
            writer.WriteString(FormatArgument, Format.ToString().ToLowerInvariant());
            writer.WriteStartObject("arguments"u8);
            foreach (var (name, value) in Arguments.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
