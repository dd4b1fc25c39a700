using System.Text.Json;
using System.Text.RegularExpressions;

namespace Udc.Tests.TestSupport;

/// <summary>Reads a tool result as a model receives it: JSON inside an untrusted-data fence.</summary>
internal static partial class Fenced
{
    [GeneratedRegex("^Result from UDC\\..*\\n<(untrusted-data-[0-9a-f]{16})>\\n(.*)\\n</\\1>$", RegexOptions.Singleline)]
    private static partial Regex Fence();

    /// <summary>
    /// The JSON inside the fence, after checking the fence: a preface, then the JSON between one opening and one
    /// closing tag of the same random name.
    /// </summary>
    public static string Json(string text)
    {
        var match = Fence().Match(text);
        Assert.True(match.Success, $"not a fenced result: {text[..Math.Min(text.Length, 200)]}");
        return match.Groups[2].Value;
    }

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(Json(text));
        return document.RootElement.Clone();
    }
}
