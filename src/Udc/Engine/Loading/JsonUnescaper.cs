using System.Text;
using System.Text.Json;

namespace Udc.Engine.Loading;

/// <summary>Unescapes the raw content of a JSON string on its own; for the rare value that needs repairing first.</summary>
internal static class JsonUnescaper
{
    public static byte[] Unescape(ReadOnlySpan<byte> rawContent)
    {
        var quoted = new byte[rawContent.Length + 2];
        quoted[0] = (byte)'"';
        rawContent.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return Encoding.UTF8.GetBytes(reader.GetString() ?? "");
    }
}
