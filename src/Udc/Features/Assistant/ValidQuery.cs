using System.Text.Json;
using Udc.Engine.Query;
using Udc.Llm;

namespace Udc.Features.Assistant;

/// <summary>An <see cref="AssistantQueryRequest"/> that passed every check, with defaults applied.</summary>
internal sealed record ValidQuery(string UserQuery, LlmProvider? Provider, string? Model, double Temperature, string? ApiKey, string? ApiKeyId, AssistantMode Mode, int MaxToolRounds)
{
    /// <summary>Questions longer than 2,000 characters are documents, not questions.</summary>
    public const int MaxQueryLength = 2_000;

    /// <summary>Ten rounds of tool calls is past any question; more is a model looping.</summary>
    public const int MaxToolRoundsLimit = 10;

    public string? ProviderName => Provider?.ToWireName();

    /// <summary>Checks every field and reports every problem at once, naming what is valid.</summary>
    public static (ValidQuery? Query, List<ValidationIssue> Issues) From(AssistantQueryRequest request)
    {
        var issues = new List<ValidationIssue>();
        var query = request.UserQuery?.Trim();
        if (string.IsNullOrEmpty(query))
        {
            issues.Add(Body("user_query", "field required: the question to answer", "missing"));
        }
        else if (query.Length > MaxQueryLength)
        {
            issues.Add(Body("user_query", $"ensure this value has at most {MaxQueryLength} characters", "string_too_long"));
        }
        LlmProvider? provider = null;
        if (request.Provider is { } name)
        {
            if (LlmProviderNames.TryParse(name, out var parsed))
            {
                provider = parsed;
            }
            else
            {
                issues.Add(Body("provider", $"unknown provider; valid: {string.Join(", ", LlmProviderNames.All)}", "enum"));
            }
        }
        var mode = AssistantMode.Auto;
        switch (request.Mode)
        {
            case null or "auto":
                break;
            case "no_llm":
                mode = AssistantMode.NoLlm;
                break;
            case "llm":
                mode = AssistantMode.Llm;
                if (request.Provider is null)
                {
                    issues.Add(Body("provider", $"field required when mode is llm; valid: {string.Join(", ", LlmProviderNames.All)}", "missing"));
                }
                break;
            default:
                issues.Add(Body("mode", "unknown mode; valid: auto, no_llm, llm", "enum"));
                break;
        }
        var temperature = request.Temperature ?? AssistantService.DefaultTemperature;
        if (temperature is < 0 or > 1 || double.IsNaN(temperature))
        {
            issues.Add(Body("temperature", "ensure this value is from 0 to 1", "value_error"));
        }
        var rounds = request.MaxToolRounds ?? AssistantService.DefaultMaxToolRounds;
        if (rounds is < 1 or > MaxToolRoundsLimit)
        {
            issues.Add(Body("max_tool_rounds", $"ensure this value is from 1 to {MaxToolRoundsLimit}", "value_error"));
        }
        if (request.Model is { } model && (model.Trim().Length == 0 || model.Length > 200))
        {
            issues.Add(Body("model", "give a model name of 1 to 200 characters, or leave it out for the provider's default", "value_error"));
        }
        if (request.ApiKey is not null && request.ApiKeyId is not null)
        {
            issues.Add(Body("api_key_id", "give api_key or api_key_id, not both", "value_error"));
        }
        if (request.ApiKey is { } key && (key.Trim().Length == 0 || key.Length > 1_000))
        {
            issues.Add(Body("api_key", "give a key of 1 to 1,000 characters", "value_error"));
        }
        if (issues.Count > 0)
        {
            return (null, issues);
        }
        return (new ValidQuery(query!, provider, request.Model?.Trim(), temperature, request.ApiKey?.Trim(), request.ApiKeyId?.Trim(), mode, rounds), issues);
    }

    public static ValidationIssue Body(string field, string message, string type) => new(["body", field], message, type);

    /// <summary>
    /// A body that is not the JSON the contract describes, as a validation issue that names where. The
    /// serializer's own message is not passed on: it can quote the offending text, which could be a key.
    /// </summary>
    public static ValidationIssue FromJsonException(JsonException e, IReadOnlyList<string> fields)
    {
        var path = e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : null;
        if (path is null)
        {
            return new ValidationIssue(["body"], "the body is not valid JSON", "json_invalid");
        }
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return new ValidationIssue(["body", path], $"unknown field; valid: {string.Join(", ", fields)}", "extra_forbidden");
        }
        return new ValidationIssue(["body", path], "invalid value: wrong type, or not valid JSON", "type_error");
    }
}
