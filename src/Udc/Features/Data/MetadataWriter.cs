using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Describe;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>The metadata fields every data response shares: freshness, data type and the query echoed back.</summary>
internal static class MetadataWriter
{
    public static void WriteFreshness(Utf8JsonWriter writer, SourceSnapshot snapshot, DateTimeOffset now)
    {
        writer.WriteString("data_freshness"u8, Freshness.Describe(snapshot.FileModifiedAt, now));
        writer.WriteString("staleness_indicator"u8, Freshness.Staleness(snapshot.FileModifiedAt, now));
        writer.WriteString("data_type"u8, snapshot.DataType.ToWireName());
    }

    /// <summary>
    /// The filters and sort actually applied, so a model can see how its arguments were read
    /// (a bare date range widened to whole days, a default sort) and cite them.
    /// </summary>
    /// <param name="includeOrder">False for aggregates, whose order is by group size, not by the query's sort.</param>
    public static void WriteQueryEcho(Utf8JsonWriter writer, SourceSnapshot snapshot, QuerySpec spec, bool includeOrder = true)
    {
        writer.WriteString("source"u8, snapshot.Name);
        writer.WriteStartArray("applied_filters"u8);
        foreach (var filter in spec.Filters)
        {
            writer.WriteStartObject();
            writer.WriteString("parameter"u8, filter.Parameter);
            writer.WriteString("column"u8, filter.Column.Name);
            writer.WriteString("operator"u8, OperatorNames.Suffix(filter.Operator));
            writer.WriteStartArray("values"u8);
            foreach (var operand in filter.Operands)
            {
                writer.WriteStringValue(operand.Text);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (spec.Text is { } text)
        {
            writer.WriteString("query"u8, text.Text);
        }
        if (!includeOrder)
        {
            return;
        }
        writer.WriteStartArray("sort"u8);
        foreach (var key in spec.Sort)
        {
            writer.WriteStringValue(key.ToString());
        }
        writer.WriteEndArray();
        if (spec.FieldsAreProjected)
        {
            writer.WriteStartArray("fields"u8);
            foreach (var column in spec.Fields)
            {
                writer.WriteStringValue(column.Name);
            }
            writer.WriteEndArray();
        }
    }
}
