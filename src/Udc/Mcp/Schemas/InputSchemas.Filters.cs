using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Mcp.Tools;

namespace Udc.Mcp.Schemas;

internal static partial class InputSchemas
{
    /// <summary>
    /// Each source's filters are one branch of an <c>anyOf</c>, so a model sees which columns belong together.
    /// Past 30 sources the branches cost more than they help; describe_source tells the rest.
    /// </summary>
    private const int MaxFilterSources = 30;

    private const string FiltersDescription =
        "Conditions every row must meet, keyed like /data query parameters. {\"column\": value} is equality (case-insensitive for text);"
        + " {\"column__in\": [values]} matches any of them. {\"column__op\": value} compares: gt, gte, lt, lte for numbers and timestamps; ne and in for any column;"
        + " contains and startswith for text; isnull (true or false) for any column. Dates are YYYY-MM-DD or ISO 8601."
        + " Each source's columns, with their values where few, are listed below.";

    private static void Filters(Utf8JsonWriter writer, IReadOnlyList<SourceSnapshot> sources)
    {
        writer.WriteStartObject(McpNames.Filters);
        writer.WriteString("type"u8, "object");
        writer.WriteString("description"u8, FiltersDescription);
        if (sources.Count is > 0 and <= MaxFilterSources)
        {
            writer.WriteStartArray("anyOf"u8);
            foreach (var snapshot in sources)
            {
                SourceFilters(writer, snapshot);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Bare column names are properties, each with its own type and values (a list there also works, and
    /// means any of them). Operator keys, <c>status__in</c> for lists among them, are grouped by
    /// column type into a few <c>patternProperties</c>: one per column and operator would multiply the schema
    /// by ten for little gain, since the tool's error names the valid values anyway.
    /// </summary>
    private static void SourceFilters(Utf8JsonWriter writer, SourceSnapshot snapshot)
    {
        var profiles = snapshot.Profile.Columns;
        writer.WriteStartObject();
        writer.WriteString("title"u8, $"{snapshot.Name} filters");
        writer.WriteString("type"u8, "object");
        writer.WriteStartObject("properties"u8);
        foreach (var profile in profiles)
        {
            writer.WritePropertyName(profile.Column.Name);
            Value(writer, profile, Describe(profile));
        }
        writer.WriteEndObject();

        writer.WriteStartObject("patternProperties"u8);
        var all = profiles.Select(p => p.Column).ToList();
        Pattern(writer, all.Where(c => c.Type == ColumnType.String), "eq|in|ne", "string", many: true);
        Pattern(writer, all.Where(c => c.Type == ColumnType.String), "contains|startswith", "string", many: false);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Int64), "eq|in|ne", "integer", many: true);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Int64), "gt|gte|lt|lte", "integer", many: false);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Double), "eq|in|ne", "number", many: true);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Double), "gt|gte|lt|lte", "number", many: false);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Timestamp), "eq|in|ne", "string", many: true);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Timestamp), "gt|gte|lt|lte", "string", many: false);
        Pattern(writer, all.Where(c => c.Type == ColumnType.Boolean), "eq|in|ne", "boolean", many: true);
        Pattern(writer, all, "isnull", "boolean", many: false);
        writer.WriteEndObject();
        writer.WriteBoolean("additionalProperties"u8, false);
        writer.WriteEndObject();
    }

    /// <summary>"string: active, churned, trial", "integer, 1 to 50", "timestamp, 2024-01-02 to 2024-03-31".</summary>
    private static string Describe(ColumnProfile profile)
    {
        var type = Engine.Query.OperatorNames.TypeName(profile.Column.Type);
        var text = profile switch
        {
            { Values: { } values } when profile.Column.Type == ColumnType.String => $"{type}, one of: {string.Join(", ", values)}",
            { Min: { } min, Max: { } max } => $"{type}, {min} to {max}",
            _ => type,
        };
        return profile.NullCount > 0 ? text + $"; {profile.NullCount} rows have none" : text;
    }

    /// <summary>One value of the column's type, with its values as an enum when few; lists go to <c>column__in</c>.</summary>
    private static void Value(Utf8JsonWriter writer, ColumnProfile profile, string description)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, JsonType(profile.Column.Type));
        if (profile is { Values: { Count: > 0 } values } && profile.Column.Type == ColumnType.String)
        {
            SchemaJson.StringArray(writer, "enum", values);
        }
        writer.WriteString("description"u8, description);
        writer.WriteEndObject();
    }

    private static void Pattern(Utf8JsonWriter writer, IEnumerable<Column> columns, string operators, string type, bool many)
    {
        var names = columns.Select(c => SchemaJson.EscapeRegex(c.Name)).ToList();
        if (names.Count == 0)
        {
            return;
        }
        writer.WriteStartObject($"^({string.Join('|', names)})__({operators})$");
        if (many)
        {
            writer.WriteStartArray("anyOf"u8);
            SchemaJson.Type(writer, type);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "array");
            writer.WritePropertyName("items"u8);
            SchemaJson.Type(writer, type);
            writer.WriteNumber("minItems"u8, 1);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("type"u8, type);
        }
        writer.WriteEndObject();
    }

    private static string JsonType(ColumnType type) => type switch
    {
        ColumnType.Int64 => "integer",
        ColumnType.Double => "number",
        ColumnType.Boolean => "boolean",
        _ => "string",
    };
}
