using System.Text.Json;
using Udc.Engine.Query;

namespace Udc.Hosting;

/// <summary>
/// A JSON body that could not be read, as a validation issue in the API's words. The serializer's own message
/// is never passed on: it names .NET types (<c>System.String[]</c>, <c>System.Nullable`1[System.DateTimeOffset]</c>)
/// and members, which mean nothing to a client, and it can quote the offending text, which could be a secret.
/// </summary>
internal static class JsonBodyIssue
{
    /// <param name="body">The body as received: parsed again to tell bad JSON from JSON of the wrong shape.</param>
    /// <param name="fields">Each field the body may have, with the value it takes in words ("a list of source names").</param>
    public static ValidationIssue From(JsonException e, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> fields)
    {
        if (!IsWellFormed(body))
        {
            return new ValidationIssue(["body"], $"the body is {Syntax(e)}", "json_invalid");
        }
        var path = Path(e.Path);
        if (path.Count == 0)
        {
            return new ValidationIssue(["body"], "the body must be a JSON object", "type_error");
        }
        var field = path[0];
        if (!fields.TryGetValue(field, out var expected))
        {
            return new ValidationIssue(["body", field], $"unknown field; valid: {string.Join(", ", fields.Keys)}", "extra_forbidden");
        }
        return new ValidationIssue(["body", .. path], path.Count == 1 ? $"must be {expected}" : $"wrong value here; {field} must be {expected}", "type_error");
    }

    /// <summary>
    /// A body that is not UTF-8, or null. The JSON reader accepts invalid UTF-8 inside strings and fails only when a
    /// string is read (an <see cref="InvalidOperationException"/>, not a <see cref="JsonException"/>), so a route
    /// checks the whole body first. Found by fuzzing the webhook payload.
    /// </summary>
    public static ValidationIssue? NotUtf8(ReadOnlySpan<byte> body) =>
        System.Text.Unicode.Utf8.IsValid(body) ? null : new ValidationIssue(["body"], "the body is not valid UTF-8", "json_invalid");

    /// <summary>Where a syntax error is, in lines and bytes counted from 1, without the reader's wording.</summary>
    public static string Syntax(JsonException e) =>
        e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? $"not valid JSON (line {line + 1}, byte {position + 1})"
            : "not valid JSON";

    private static bool IsWellFormed(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>$.sources[2]</c> as <c>["sources", "2"]</c>; <c>$['odd name']</c> as <c>["odd name"]</c>.</summary>
    private static List<string> Path(string? path)
    {
        var parts = new List<string>();
        if (path is null)
        {
            return parts;
        }
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                parts.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                parts.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                parts.Add(path[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }
        return parts;
    }
}
