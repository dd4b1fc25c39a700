using System.Text.Json;
using Udc.Tools.Schema;

namespace Udc.Tools;

/// <summary>
/// A tool as every model surface describes it: name, title, what it does, its arguments' schema (written once as
/// a <see cref="SchemaNode"/>, rendered per <see cref="SchemaProfile"/> on first use) and the shape of its result.
/// Every tool reads but <c>start_export</c>, which starts a job (<see cref="ReadOnly"/> false).
/// </summary>
internal sealed class ToolDefinition(string name, string title, string description, SchemaNode inputSchema, JsonElement outputSchema, bool readOnly = true)
{
    /// <summary>False for a tool that changes state (starts a job): clients may ask the user before calling it.</summary>
    public bool ReadOnly => readOnly;

    private readonly JsonElement?[] _rendered = new JsonElement?[SchemaProfiles.All.Length];

    public string Name => name;

    public string Title => title;

    public string Description => description;

    public SchemaNode InputSchema => inputSchema;

    public JsonElement OutputSchema => outputSchema;

    /// <summary>The arguments' schema as <paramref name="profile"/> takes it; rendering twice at once is harmless.</summary>
    public JsonElement SchemaFor(SchemaProfile profile) => _rendered[(int)profile] ??= SchemaWriter.ToElement(inputSchema, profile);
}
