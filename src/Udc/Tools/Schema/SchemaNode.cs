namespace Udc.Tools.Schema;

/// <summary>
/// One JSON Schema node of a tool's arguments, independent of who reads it. <see cref="SchemaWriter"/> writes it
/// for MCP in full and for each model provider in the subset its function calling takes.
/// </summary>
internal sealed record SchemaNode
{
    /// <summary>object, string, integer, number, boolean or array; null with <see cref="AnyOf"/>.</summary>
    public string? Type { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public int? Default { get; init; }

    public SchemaNode? Items { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public IReadOnlyList<SchemaProperty>? Properties { get; init; }

    /// <summary>Keys matched by a regular expression: a filter's <c>column__op</c> keys.</summary>
    public IReadOnlyList<(string Pattern, SchemaNode Node)>? PatternProperties { get; init; }

    /// <summary>False: no key beyond those described.</summary>
    public bool ClosedObject { get; init; }

    public IReadOnlyList<SchemaNode>? AnyOf { get; init; }

    public static SchemaNode Of(string type, string? description = null) => new() { Type = type, Description = description };
}

/// <summary>A named property of an object node.</summary>
internal sealed record SchemaProperty(string Name, SchemaNode Node, bool Required = false);
