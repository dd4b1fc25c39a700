using System.Text.Json;

namespace Udc.Tools;

/// <summary>
/// A tool the model may call: its name, what it does and its parameters. <see cref="InputSchema"/> is the
/// JSON Schema of the arguments object, written once; each provider wraps it in its own envelope.
/// </summary>
internal sealed class ToolDefinition
{
    public ToolDefinition(string name, string description, IReadOnlyList<ToolParameter> parameters)
    {
        Name = name;
        Description = description;
        Parameters = parameters;
        InputSchema = ToolSchemaWriter.ToElement(parameters);
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<ToolParameter> Parameters { get; }

    public JsonElement InputSchema { get; }
}
