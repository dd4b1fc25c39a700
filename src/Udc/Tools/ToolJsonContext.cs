using System.Text.Json.Serialization;

namespace Udc.Tools;

/// <summary>The few values the tools turn into JSON elements (what a cursor carries).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
