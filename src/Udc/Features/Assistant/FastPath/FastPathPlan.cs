using System.Buffers;
using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

/// <summary>What kind of answer a claimed question gets.</summary>
internal enum FastPathKind
{
    /// <summary>"show me customer 7": the record's key facts.</summary>
    Record,

    /// <summary>"status of ticket #123": one field of one record.</summary>
    Field,

    /// <summary>"how many active customers": a count.</summary>
    Count,

    /// <summary>"open high priority tickets": a count and the first few rows.</summary>
    List,

    /// <summary>"daily active users on 2024-03-15": a measure of a time series.</summary>
    Series,
}

/// <summary>
/// A question the fast path is sure of, as the typed request a model's tool call would have become: no JSON is
/// written to be read back. <see cref="ArgumentsJson"/> writes the equivalent call only for the answer's record.
/// </summary>
internal sealed record FastPathPlan(FastPathKind Kind, SourceSnapshot Snapshot, string ToolName, DataRequest Request, string? Id = null, Column? Field = null)
{
    /// <summary>The tool call a model would have made, as its arguments: what the response shows in <c>tool_calls</c>.</summary>
    public JsonElement ArgumentsJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(ToolNames.Source, Snapshot.Name);
            if (Id is not null)
            {
                writer.WriteString(ToolNames.Id, Id);
            }
            if (Request.Filters.Count > 0)
            {
                writer.WriteStartObject(ToolNames.Filters);
                foreach (var filter in Request.Filters)
                {
                    writer.WritePropertyName(filter.Key);
                    if (filter.Values.Count == 1)
                    {
                        writer.WriteStringValue(filter.Values[0]);
                    }
                    else
                    {
                        writer.WriteStartArray();
                        foreach (var value in filter.Values)
                        {
                            writer.WriteStringValue(value);
                        }
                        writer.WriteEndArray();
                    }
                }
                writer.WriteEndObject();
            }
            WriteOptional(writer, QueryParameters.StartDate, Request.StartDate);
            WriteOptional(writer, QueryParameters.EndDate, Request.EndDate);
            if (Id is null && Request.PageSize != QueryLimits.DefaultPageSize)
            {
                writer.WriteNumber(QueryParameters.PageSize, Request.PageSize);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
