using System.Globalization;
using System.Text.Json;

namespace Udc.Tools;

/// <summary>
/// Checks a model's arguments against a tool's parameters, as a JSON Schema validator would, and says what is
/// wrong in words the model can act on. Numbers are accepted where text is expected (models often send an id
/// as 123), since the query engine reads every value from text anyway.
/// </summary>
internal static class ToolArgumentChecker
{
    public static List<string> Check(IReadOnlyList<ToolParameter> parameters, JsonElement arguments)
    {
        var problems = new List<string>();
        CheckObject(parameters, arguments, "", problems);
        return problems;
    }

    private static void CheckObject(IReadOnlyList<ToolParameter> parameters, JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{Where(path, "arguments")} must be a JSON object");
            return;
        }
        foreach (var property in value.EnumerateObject())
        {
            if (Find(parameters, property.Name) is not { } parameter)
            {
                problems.Add($"unknown argument '{Clip(property.Name)}'{At(path)}; valid: {string.Join(", ", parameters.Select(p => p.Name))}");
                continue;
            }
            CheckValue(parameter, property.Value, Join(path, parameter.Name), problems);
        }
        foreach (var parameter in parameters)
        {
            if (parameter.Required && !value.TryGetProperty(parameter.Name, out _))
            {
                problems.Add($"{Join(path, parameter.Name)} is required");
            }
        }
    }

    private static void CheckValue(ToolParameter parameter, JsonElement value, string path, List<string> problems)
    {
        switch (parameter.Type)
        {
            case ToolValueType.String when value.ValueKind == JsonValueKind.Number:
                return;
            case ToolValueType.String when value.ValueKind != JsonValueKind.String:
                problems.Add($"{path} must be a string");
                return;
            case ToolValueType.String:
                var text = value.GetString()!;
                if (parameter.MaxLength is { } maxLength && text.Length > maxLength)
                {
                    problems.Add($"{path} must have at most {maxLength} characters");
                }
                if (parameter.Enum is { Count: > 0 } allowed && !allowed.Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"{path} must be one of: {string.Join(", ", allowed)}");
                }
                return;
            case ToolValueType.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var integer))
                {
                    problems.Add($"{path} must be an integer");
                    return;
                }
                CheckRange(parameter, integer, path, problems);
                return;
            case ToolValueType.Number:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{path} must be a number");
                }
                return;
            case ToolValueType.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path} must be true or false");
                }
                return;
            case ToolValueType.Array:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{path} must be an array");
                    return;
                }
                if (parameter.MaxItems is { } maxItems && value.GetArrayLength() > maxItems)
                {
                    problems.Add($"{path} must have at most {maxItems} items");
                    return;
                }
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckValue(parameter.Items!, item, $"{path}[{index++}]", problems);
                }
                return;
            case ToolValueType.Object:
                CheckObject(parameter.Properties ?? [], value, path, problems);
                return;
        }
    }

    private static void CheckRange(ToolParameter parameter, long value, string path, List<string> problems)
    {
        if (parameter.Minimum is { } minimum && value < minimum)
        {
            problems.Add($"{path} must be at least {minimum.ToString(CultureInfo.InvariantCulture)}");
        }
        if (parameter.Maximum is { } maximum && value > maximum)
        {
            problems.Add($"{path} must be at most {maximum.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static ToolParameter? Find(IReadOnlyList<ToolParameter> parameters, string name)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Name == name)
            {
                return parameter;
            }
        }
        return null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string At(string path) => path.Length == 0 ? "" : $" in {path}";

    private static string Where(string path, string fallback) => path.Length == 0 ? fallback : path;

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
