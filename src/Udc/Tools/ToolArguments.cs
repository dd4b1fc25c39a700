using System.Text.Json;
using Udc.Engine.Query;

namespace Udc.Tools;

/// <summary>
/// A tool call's arguments, read into the engine's typed requests, so every model surface and <c>/data</c> validate
/// alike. Lists are JSON lists and values are whole (<c>"Smith, John"</c> is one name). Every problem is collected
/// with the argument it concerns and what would have been valid, never thrown: the model gets one result that
/// lists everything to fix.
/// </summary>
internal sealed partial class ToolArguments
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;

    public ToolArguments(IReadOnlyDictionary<string, JsonElement>? values, IReadOnlyList<string> accepted)
    {
        _values = values ?? new Dictionary<string, JsonElement>();
        foreach (var name in _values.Keys)
        {
            if (!accepted.Contains(name))
            {
                Issues.Add(Issue(name, $"unknown argument '{Clip(name)}'; arguments: {string.Join(", ", accepted)}", "extra_forbidden"));
            }
        }
    }

    public List<ValidationIssue> Issues { get; } = [];

    /// <summary>True when the argument is given with a value other than null.</summary>
    public bool Has(string name) => _values.TryGetValue(name, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined;

    public string? String(string name, bool required = false)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            if (required)
            {
                Issues.Add(Issue(name, $"{name} is required", "missing"));
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Issues.Add(Issue(name, $"{name} must be a string, not {Kind(value)}", "string_type"));
            return null;
        }
        return value.GetString();
    }

    /// <summary>A whole number within bounds; a numeric string is accepted, as a query string would be.</summary>
    public int? Integer(string name, int min, int max)
    {
        if (!Has(name))
        {
            return null;
        }
        var text = Scalar(name);
        if (text is null)
        {
            return null;
        }
        if (RequestValues.ParseInteger(text) is not { } number)
        {
            Issues.Add(Issue(name, RequestValues.NotAnInteger(text), "int_parsing"));
            return null;
        }
        if (number < min || number > max)
        {
            Issues.Add(Issue(name, $"ensure this value is from {min} to {max}", "value_error"));
            return null;
        }
        return number;
    }

    /// <summary>A string, number or boolean as the text a query string would carry; null when absent or not scalar.</summary>
    public string? Scalar(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        if (ScalarText(value) is { } text)
        {
            return text;
        }
        Issues.Add(Issue(name, $"{name} must be a string or a number, not {Kind(value)}", "type_error"));
        return null;
    }

    /// <summary>A list of names as an array of strings, or as one comma-separated string: <c>"status,priority"</c>.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null)
        {
            return null;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case JsonValueKind.Array:
                var items = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        Issues.Add(Issue(name, $"{name} must be a list of strings; found {Kind(item)}", "string_type"));
                        return null;
                    }
                    items.Add(item.GetString()!);
                }
                return items;
            default:
                Issues.Add(Issue(name, $"{name} must be a list of strings, not {Kind(value)}", "list_type"));
                return null;
        }
    }

    /// <summary>
    /// <c>filters</c>: <c>{"status": "open", "priority": ["high", "urgent"], "created_at__gte": "2024-03-01"}</c>,
    /// each key a <c>/data</c> filter parameter and each value a scalar or a list of scalars, taken whole.
    /// </summary>
    public List<FilterTerm> Filters()
    {
        var terms = new List<FilterTerm>();
        var name = ToolNames.Filters;
        if (!_values.TryGetValue(name, out var filters) || filters.ValueKind is JsonValueKind.Null)
        {
            return terms;
        }
        if (filters.ValueKind != JsonValueKind.Object)
        {
            Issues.Add(Issue(name, $"{name} must be an object such as {{\"status\": \"open\", \"amount__gt\": 100}}, not {Kind(filters)}", "dict_type"));
            return terms;
        }
        foreach (var filter in filters.EnumerateObject())
        {
            if (QueryParameters.All.Contains(filter.Name))
            {
                Issues.Add(new ValidationIssue([ToolNames.Arguments, name, filter.Name], $"'{filter.Name}' is an argument of its own, not a filter; give it beside filters", "value_error"));
                continue;
            }
            if (FilterValues(name, filter) is { } values)
            {
                terms.Add(new FilterTerm(filter.Name, values));
            }
        }
        return terms;
    }

    private string[]? FilterValues(string name, JsonProperty filter)
    {
        var value = filter.Value;
        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = new string[value.GetArrayLength()];
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (ScalarText(item) is not { } text)
                {
                    Issues.Add(new ValidationIssue([ToolNames.Arguments, name, filter.Name], $"list items must be strings, numbers or booleans, not {Kind(item)}", "type_error"));
                    return null;
                }
                items[i++] = text;
            }
            if (items.Length == 0)
            {
                Issues.Add(new ValidationIssue([ToolNames.Arguments, name, filter.Name], "give at least one value", "value_error"));
                return null;
            }
            return items;
        }
        if (ScalarText(value) is { } single)
        {
            return [single];
        }
        var hint = value.ValueKind == JsonValueKind.Null ? $"; to match missing values use \"{filter.Name}__isnull\": true" : "";
        Issues.Add(new ValidationIssue([ToolNames.Arguments, name, filter.Name], $"a filter value must be a string, number, boolean or a list of them, not {Kind(value)}{hint}", "type_error"));
        return null;
    }

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static ValidationIssue Issue(string argument, string message, string type = "value_error") => new([ToolNames.Arguments, argument], message, type);

    private static string Clip(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
