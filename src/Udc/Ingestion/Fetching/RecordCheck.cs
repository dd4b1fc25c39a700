using System.Globalization;
using System.Text.Json;
using Udc.Ingestion.Connectors;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// The checks every record passes before it reaches a source, whatever fetched it: a JSON object, with its id
/// (a string or a number), and every required field present and not null. The first failure is the reason.
/// </summary>
internal static class RecordCheck
{
    /// <summary>Longer ids are not identifiers but content; 512 characters is generous.</summary>
    public const int MaxIdLength = 512;

    /// <returns>The reason the record is rejected, or null (then <paramref name="id"/> is set).</returns>
    public static string? Check(JsonElement record, ConnectorDefinition connector, out string id)
    {
        id = "";
        if (record.ValueKind != JsonValueKind.Object)
        {
            return $"not a JSON object but {record.ValueKind.ToString().ToLowerInvariant()}";
        }
        var idField = connector.IdFields[0];
        if (!record.TryGetProperty(idField, out var value))
        {
            return $"no id field '{idField}'";
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                id = value.GetString()!;
                break;
            case JsonValueKind.Number:
                id = value.GetRawText();
                break;
            default:
                return $"id field '{idField}' is {value.ValueKind.ToString().ToLowerInvariant()}, not a string or number";
        }
        return CheckId(id, idField) ?? Required(record, connector);
    }

    public static string? CheckId(string id, string idField) =>
        id.Length == 0 ? $"id field '{idField}' is empty"
        : id.Length > MaxIdLength ? $"id field '{idField}' is over {MaxIdLength} characters"
        : null;

    private static string? Required(JsonElement record, ConnectorDefinition connector)
    {
        foreach (var field in connector.RequiredFields)
        {
            if (!record.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return $"required field '{field}' is missing or null";
            }
        }
        return null;
    }

    /// <summary>A field's value as comparable text for the incremental high-water mark; null when absent or not a scalar.</summary>
    public static string? Scalar(JsonElement record, string field) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>The greater of two high-water values: numerically when both are numbers, else ordinally (ISO 8601 times sort so).</summary>
    public static string? Max(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }
        if (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            return x >= y ? a : b;
        }
        return string.CompareOrdinal(a, b) >= 0 ? a : b;
    }
}
