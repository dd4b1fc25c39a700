using System.Text.Json;

namespace Udc.Ingestion.Fetching;

/// <summary>RFC 6901 JSON pointers (<c>/data/items</c>, <c>/meta/next~1cursor</c>): the empty pointer is the whole document.</summary>
internal static class JsonPointer
{
    public static bool TryResolve(JsonElement root, string pointer, out JsonElement found)
    {
        found = root;
        if (pointer.Length == 0)
        {
            return true;
        }
        foreach (var escaped in pointer[1..].Split('/'))
        {
            var token = escaped.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (found.ValueKind)
            {
                case JsonValueKind.Object when found.TryGetProperty(token, out var child):
                    found = child;
                    break;
                case JsonValueKind.Array when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < found.GetArrayLength():
                    found = found[index];
                    break;
                default:
                    found = default;
                    return false;
            }
        }
        return true;
    }
}
