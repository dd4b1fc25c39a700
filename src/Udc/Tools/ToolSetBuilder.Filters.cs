using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Tools.Schema;

namespace Udc.Tools;

internal static partial class ToolSetBuilder
{
    /// <summary>
    /// Each source's filters are one branch of an <c>anyOf</c>, so a model sees which columns belong together.
    /// Past 30 sources the branches cost more than they help; describe_source tells the rest.
    /// </summary>
    private const int MaxFilterSources = 30;

    private const string FiltersDescription =
        "Conditions every row must meet, keyed like /data query parameters. {\"column\": value} is equality (case-insensitive for text);"
        + " {\"column__in\": [values]} matches any of them. {\"column__op\": value} compares: gt, gte, lt, lte for numbers and timestamps; ne and in for any column"
        + " (ne with a list: none of them); contains, startswith and like (SQL pattern: % any run, _ one character) for text; isnull (true or false) for any column. Dates are YYYY-MM-DD or ISO 8601."
        + " Each source's columns, with their values where few, are listed below.";

    private static SchemaNode Filters(IReadOnlyList<SourceSnapshot> sources) => new()
    {
        Type = "object",
        Description = FiltersDescription,
        AnyOf = sources.Count is > 0 and <= MaxFilterSources ? [.. sources.Select(SourceFilters)] : null,
    };

    /// <summary>
    /// Bare column names are properties, each with its own type and values (a list there also works, and means any
    /// of them). Operator keys, <c>status__in</c> for lists among them, are grouped by column type into a few
    /// <c>patternProperties</c>: one per column and operator would multiply the schema by ten for little gain,
    /// since the tool's error names the valid values anyway.
    /// </summary>
    private static SchemaNode SourceFilters(SourceSnapshot snapshot)
    {
        var profiles = snapshot.Profile.Columns.Where(p => p.Column.Name.Length <= MaxSchemaNameLength).ToList();
        var all = profiles.Select(p => p.Column).ToList();
        var patterns = new List<(string, SchemaNode)>();
        Pattern(patterns, all.Where(c => c.Type == ColumnType.String), "eq|in|ne", "string", many: true);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.String), "contains|startswith|like", "string", many: false);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Int64), "eq|in|ne", "integer", many: true);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Int64), "gt|gte|lt|lte", "integer", many: false);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Double), "eq|in|ne", "number", many: true);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Double), "gt|gte|lt|lte", "number", many: false);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Timestamp), "eq|in|ne", "string", many: true);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Timestamp), "gt|gte|lt|lte", "string", many: false);
        Pattern(patterns, all.Where(c => c.Type == ColumnType.Boolean), "eq|in|ne", "boolean", many: true);
        Pattern(patterns, all, "isnull", "boolean", many: false);
        return new SchemaNode
        {
            Type = "object",
            Title = $"{snapshot.Name} filters",
            Properties = [.. profiles.Select(p => new SchemaProperty(p.Column.Name, Value(p)))],
            PatternProperties = patterns,
            ClosedObject = true,
        };
    }

    /// <summary>"string: active, churned, trial", "integer, 1 to 50", "timestamp, 2024-01-02 to 2024-03-31".</summary>
    private static string Describe(ColumnProfile profile)
    {
        var type = OperatorNames.TypeName(profile.Column.Type);
        var text = profile switch
        {
            { Values: { } values } when profile.Column.Type == ColumnType.String => $"{type}, one of: {string.Join(", ", values)}",
            { Min: { } min, Max: { } max } => $"{type}, {min} to {max}",
            _ => type,
        };
        return profile.NullCount > 0 ? text + $"; {profile.NullCount} rows have none" : text;
    }

    /// <summary>One value of the column's type, with its values as an enum when few; lists go to <c>column__in</c>.</summary>
    private static SchemaNode Value(ColumnProfile profile) => new()
    {
        Type = JsonType(profile.Column.Type),
        Enum = profile is { Values: { Count: > 0 } values } && profile.Column.Type == ColumnType.String ? values : null,
        Description = Describe(profile),
    };

    private static void Pattern(List<(string, SchemaNode)> patterns, IEnumerable<Column> columns, string operators, string type, bool many)
    {
        var names = columns.Select(c => SchemaWriter.EscapeRegex(c.Name)).ToList();
        if (names.Count == 0)
        {
            return;
        }
        var node = many
            ? new SchemaNode { AnyOf = [SchemaNode.Of(type), new SchemaNode { Type = "array", Items = SchemaNode.Of(type), MinItems = 1 }] }
            : SchemaNode.Of(type);
        patterns.Add(($"^({string.Join('|', names)})__({operators})$", node));
    }

    private static string JsonType(ColumnType type) => type switch
    {
        ColumnType.Int64 => "integer",
        ColumnType.Double => "number",
        ColumnType.Boolean => "boolean",
        _ => "string",
    };
}
