using System.Text.Json;
using System.Text.Json.Serialization;

namespace Udc.Tests.Mcp;

/// <summary>Reflection-based JSON is off in tests as in the app; test payloads go through this context.</summary>
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class McpTestJson : JsonSerializerContext;
