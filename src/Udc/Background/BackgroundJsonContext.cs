using System.Text.Json.Serialization;

namespace Udc.Background;

/// <summary>The background mechanism's JSON: the queue names bound into its SQL.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class BackgroundJsonContext : JsonSerializerContext;
