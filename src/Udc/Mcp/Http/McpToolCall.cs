using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Udc.Mcp.Http;

/// <summary>
/// A POST body that is exactly one plain JSON-RPC <c>tools/call</c> request: <c>jsonrpc</c>, an integer or string
/// <c>id</c>, <c>method</c> and <c>params</c> with <c>name</c>, optional object <c>arguments</c> and, on 2026-07-28
/// only, the per-request <c>_meta</c> that revision requires. Anything else (another member, a progress token, a
/// task, a duplicate name, a batch, a notification) is not one, and goes to the SDK.
/// </summary>
internal readonly record struct McpToolCall(RequestId Id, string Name, Dictionary<string, JsonElement>? Arguments, JsonElement Meta)
{
    /// <summary>
    /// A body with a duplicate member name is left to the SDK, whose reader decides which one counts; the depth
    /// limit is the SDK's (64), so a body read here is one the SDK reads the same way.
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The call in <paramref name="root"/>; false when the body is anything but a plain call.</summary>
    public static bool TryRead(JsonElement root, bool withMeta, out McpToolCall call)
    {
        call = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        RequestId? id = null;
        JsonElement parameters = default;
        var members = 0;
        foreach (var member in root.EnumerateObject())
        {
            members++;
            switch (member.Name)
            {
                case "jsonrpc" when member.Value.ValueEquals("2.0"u8):
                case "method" when member.Value.ValueEquals(RequestMethods.ToolsCall):
                    break;
                case "id":
                    id = IdOf(member.Value);
                    break;
                case "params":
                    parameters = member.Value;
                    break;
                default:
                    return false;
            }
        }
        return members == 4 && id is { } found && parameters.ValueKind == JsonValueKind.Object && TryReadParams(parameters, found, withMeta, out call);
    }

    private static bool TryReadParams(JsonElement parameters, RequestId id, bool withMeta, out McpToolCall call)
    {
        call = default;
        string? name = null;
        Dictionary<string, JsonElement>? arguments = null;
        JsonElement meta = default;
        foreach (var member in parameters.EnumerateObject())
        {
            switch (member.Name)
            {
                case "name" when member.Value.ValueKind == JsonValueKind.String:
                    name = member.Value.GetString();
                    break;
                case "arguments" when member.Value.ValueKind == JsonValueKind.Object:
                    arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var argument in member.Value.EnumerateObject())
                    {
                        arguments[argument.Name] = argument.Value;
                    }
                    break;
                case "_meta" when withMeta && member.Value.ValueKind == JsonValueKind.Object:
                    meta = member.Value;
                    break;
                default:
                    return false;
            }
        }
        if (name is null || (withMeta && meta.ValueKind != JsonValueKind.Object))
        {
            return false;
        }
        call = new McpToolCall(id, name, arguments, meta);
        return true;
    }

    /// <summary>
    /// Whether a 2026-07-28 call's <c>_meta</c> holds only what that revision requires and the SDK reads without
    /// complaint: the protocol version (the header's), the client's capabilities and, optionally, its identity.
    /// A log level, a progress token or any other key is the SDK's to handle.
    /// </summary>
    public bool HasPlainMeta(string revision)
    {
        var versioned = false;
        var capable = false;
        foreach (var member in Meta.EnumerateObject())
        {
            var fits = member.Name switch
            {
                MetaKeys.ProtocolVersion => versioned = member.Value.ValueKind == JsonValueKind.String && member.Value.ValueEquals(revision),
                MetaKeys.ClientCapabilities => capable = Reads(member.Value, s_capabilities),
                MetaKeys.ClientInfo => Reads(member.Value, s_implementation),
                _ => false,
            };
            if (!fits)
            {
                return false;
            }
        }
        return versioned && capable;
    }

    private static readonly JsonTypeInfo<ClientCapabilities> s_capabilities = (JsonTypeInfo<ClientCapabilities>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ClientCapabilities));
    private static readonly JsonTypeInfo<Implementation> s_implementation = (JsonTypeInfo<Implementation>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Implementation));

    /// <summary>An object the SDK's own contract reads (so a malformed one is left to the SDK to refuse).</summary>
    private static bool Reads<T>(JsonElement value, JsonTypeInfo<T> type)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        try
        {
            return value.Deserialize(type) is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An id as the SDK reads it: a string, or an integer that fits 64 bits; anything else is not a plain call.</summary>
    private static RequestId? IdOf(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String => new RequestId(id.GetString()!),
        JsonValueKind.Number when id.TryGetInt64(out var number) && id.GetRawText() == number.ToString(System.Globalization.CultureInfo.InvariantCulture) => new RequestId(number),
        _ => null,
    };
}
