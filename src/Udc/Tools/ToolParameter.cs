namespace Udc.Tools;

/// <summary>The JSON types a tool parameter can take; a subset of JSON Schema that every provider accepts.</summary>
internal enum ToolValueType
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>
/// One parameter of a tool. The same record is written out as JSON Schema for the providers and used to check
/// the arguments a model sends, so the schema and the check cannot drift apart.
/// </summary>
internal sealed record ToolParameter(string Name, ToolValueType Type, string Description)
{
    public bool Required { get; init; }

    /// <summary>Allowed values of a string (compared case-insensitively, as the query engine does).</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>The element of an array parameter.</summary>
    public ToolParameter? Items { get; init; }

    public int? MaxItems { get; init; }

    /// <summary>The properties of an object parameter (or of an array's object elements).</summary>
    public IReadOnlyList<ToolParameter>? Properties { get; init; }
}
