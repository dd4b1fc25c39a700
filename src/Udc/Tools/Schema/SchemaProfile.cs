namespace Udc.Tools.Schema;

/// <summary>
/// Who reads a tool's schema. MCP clients and Anthropic take JSON Schema as written; OpenAI's and Gemini's function
/// calling take a subset, so <see cref="SchemaWriter"/> folds what they do not take into what they do.
/// </summary>
internal enum SchemaProfile
{
    /// <summary>MCP <c>inputSchema</c>: JSON Schema 2020-12, every keyword UDC uses.</summary>
    Mcp,

    /// <summary>Anthropic <c>input_schema</c>: JSON Schema, as for MCP.</summary>
    Anthropic,

    /// <summary>
    /// OpenAI <c>parameters</c>, sent without <c>strict</c>: strict mode needs every key of every object named in
    /// advance, and filters are keyed by column and operator. No <c>patternProperties</c>; one <c>anyOf</c> branch
    /// per source is merged into one set of properties.
    /// </summary>
    OpenAi,

    /// <summary>
    /// Gemini <c>parametersJsonSchema</c>: as OpenAI, and without <c>default</c> and <c>title</c>, which its
    /// documented subset leaves out.
    /// </summary>
    Gemini,
}

internal static class SchemaProfiles
{
    public static readonly SchemaProfile[] All = [SchemaProfile.Mcp, SchemaProfile.Anthropic, SchemaProfile.OpenAi, SchemaProfile.Gemini];

    public static string WireName(this SchemaProfile profile) => profile switch
    {
        SchemaProfile.Mcp => "mcp",
        SchemaProfile.Anthropic => "anthropic",
        SchemaProfile.OpenAi => "openai",
        _ => "gemini",
    };

    /// <summary>True where the profile takes the full keyword set (patternProperties, per-source anyOf).</summary>
    public static bool IsFull(this SchemaProfile profile) => profile is SchemaProfile.Mcp or SchemaProfile.Anthropic;
}
