using System.Text.Json.Serialization;
using Udc.Features.Auth;
using Udc.Redis;

namespace Udc.Access;

/// <summary>
/// The source-generated JSON of the access, cache and webhook features (reflection JSON is off):
/// request bodies read by the admin API, the sources list kept in SQLite, and messages on the Redis bus.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(BusMessage))]
[JsonSerializable(typeof(KeyPolicy))]
[JsonSerializable(typeof(Oidc.OidcPolicies))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
internal sealed partial class AccessJsonContext : JsonSerializerContext;
