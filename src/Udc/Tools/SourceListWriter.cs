using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Query;

namespace Udc.Tools;

/// <summary>
/// The <c>list_sources</c> result: each source with its columns as <c>name: type</c> and the values of
/// low-cardinality columns. Shorter than <c>/sources</c> because it goes into a model's context.
/// </summary>
internal static class SourceListWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<SourceSnapshot> snapshots)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("sources"u8);
        foreach (var snapshot in snapshots)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, snapshot.Name);
            writer.WriteString("noun"u8, snapshot.Noun.Plural);
            writer.WriteNumber("row_count"u8, snapshot.RowCount);
            writer.WriteString("data_type"u8, snapshot.DataType.ToWireName());
            writer.WriteString("id_column"u8, snapshot.IdColumn?.Name);
            writer.WriteString("time_column"u8, snapshot.TimeColumn?.Name);
            writer.WriteStartObject("columns"u8);
            foreach (var profile in snapshot.Profile.Columns)
            {
                writer.WriteString(profile.Column.Name, OperatorNames.TypeName(profile.Column.Type));
            }
            writer.WriteEndObject();
            writer.WriteStartObject("values"u8);
            foreach (var profile in snapshot.Profile.Columns)
            {
                if (profile.Values is { } values && profile.Column != snapshot.IdColumn)
                {
                    writer.WriteStartArray(profile.Column.Name);
                    foreach (var value in values)
                    {
                        writer.WriteStringValue(value);
                    }
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
