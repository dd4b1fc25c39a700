using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial record FastPathPlan
{
    /// <summary>
    /// The tool call a model would have made, as its arguments in the tools' shape (<c>source</c>, <c>filters</c>,
    /// <c>start_date</c>, <c>end_date</c>, <c>group_by</c>, <c>metrics</c>, <c>sort</c>, <c>page_size</c>): what the
    /// response shows in <c>tool_calls</c>. Defaults are left out, as a model leaves them out.
    /// </summary>
    public JsonElement ArgumentsJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            if (Snapshot is not null || State is not null)
            {
                writer.WriteString(ToolNames.Source, State?.Name ?? Snapshot!.Name);
            }
            if (Id is not null)
            {
                writer.WriteString(ToolNames.Id, Id);
            }
            if (ToolName is ToolNames.QueryData or ToolNames.AggregateData)
            {
                WriteRequest(writer);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private void WriteRequest(Utf8JsonWriter writer)
    {
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
                    WriteList(writer, null, filter.Values);
                }
            }
            writer.WriteEndObject();
        }
        WriteOptional(writer, QueryParameters.StartDate, Request.StartDate);
        WriteOptional(writer, QueryParameters.EndDate, Request.EndDate);
        if (Aggregate is { } aggregate)
        {
            if (aggregate.GroupBy.Count > 0)
            {
                WriteList(writer, AggregateSpec.GroupByParameter, aggregate.GroupBy);
            }
            if (aggregate.Metrics.Count > 0)
            {
                WriteList(writer, AggregateSpec.MetricsParameter, aggregate.Metrics);
            }
            return;
        }
        if (Request.Sort is { } sort)
        {
            WriteList(writer, QueryParameters.Sort, sort);
        }
        if (Request.PageSize != QueryLimits.DefaultPageSize)
        {
            writer.WriteNumber(QueryParameters.PageSize, Request.PageSize);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string? name, IReadOnlyList<string> values)
    {
        if (name is null)
        {
            writer.WriteStartArray();
        }
        else
        {
            writer.WriteStartArray(name);
        }
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
