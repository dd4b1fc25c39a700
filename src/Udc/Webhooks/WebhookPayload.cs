using System.Text;
using System.Text.Json;
using Udc.Engine.Patching;
using Udc.Engine.Query;

namespace Udc.Webhooks;

/// <summary>
/// What a webhook's payload asks for. <c>payload.records</c>, an array of objects, carries records; they are
/// upserted, or deleted when <c>payload.operation</c> is <c>delete</c> (without it, an <c>event_type</c> ending
/// in <c>deleted</c> or <c>delete</c> means delete). A payload without records only invalidates the cache.
/// </summary>
internal static class WebhookPayload
{
    /// <summary>Records of the payload as changes; issues when they cannot apply to a source with that id column.</summary>
    public static (List<RecordChange> Changes, List<ValidationIssue> Issues) Read(JsonElement payload, string eventType, string? idColumn)
    {
        var changes = new List<RecordChange>();
        var issues = new List<ValidationIssue>();
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("records", out var records))
        {
            return (changes, issues);
        }
        if (records.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new ValidationIssue(["body", "payload", "records"], "must be an array of records (JSON objects)", "type_error"));
            return (changes, issues);
        }
        var kind = KindOf(payload, eventType, issues);
        if (idColumn is null)
        {
            issues.Add(new ValidationIssue(["body", "payload", "records"], "this source has no id column, so records cannot be matched; configure id_column", "value_error"));
            return (changes, issues);
        }
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new ValidationIssue(["body", "payload", "records", index.ToString(System.Globalization.CultureInfo.InvariantCulture)], "must be a JSON object", "type_error"));
            }
            else if (!record.TryGetProperty(idColumn, out var id) || id.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
            {
                issues.Add(new ValidationIssue(["body", "payload", "records", index.ToString(System.Globalization.CultureInfo.InvariantCulture), idColumn], $"each record needs its id, '{idColumn}'", "missing"));
            }
            else
            {
                changes.Add(new RecordChange(kind, Encoding.UTF8.GetBytes(record.GetRawText())));
            }
            index++;
        }
        return (changes, issues);
    }

    /// <summary>Changes of a stored payload, already validated when it was accepted.</summary>
    public static List<RecordChange> ChangesOf(string payloadJson, string eventType)
    {
        using var document = JsonDocument.Parse(payloadJson);
        var changes = new List<RecordChange>();
        var payload = document.RootElement;
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            return changes;
        }
        var kind = KindOf(payload, eventType, []);
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind == JsonValueKind.Object)
            {
                changes.Add(new RecordChange(kind, Encoding.UTF8.GetBytes(record.GetRawText())));
            }
        }
        return changes;
    }

    private static RecordChangeKind KindOf(JsonElement payload, string eventType, List<ValidationIssue> issues)
    {
        if (payload.TryGetProperty("operation", out var operation))
        {
            switch (operation.ValueKind == JsonValueKind.String ? operation.GetString() : null)
            {
                case "upsert":
                    return RecordChangeKind.Upsert;
                case "delete":
                    return RecordChangeKind.Delete;
                default:
                    issues.Add(new ValidationIssue(["body", "payload", "operation"], "must be 'upsert' or 'delete'", "enum"));
                    return RecordChangeKind.Upsert;
            }
        }
        return eventType.EndsWith("deleted", StringComparison.OrdinalIgnoreCase) || eventType.EndsWith("delete", StringComparison.OrdinalIgnoreCase)
            ? RecordChangeKind.Delete
            : RecordChangeKind.Upsert;
    }
}
