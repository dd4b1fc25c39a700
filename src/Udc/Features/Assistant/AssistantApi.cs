using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Features.Assistant.Keys;
using Udc.Hosting;
using Udc.Llm;
using Udc.RateLimiting;
using Udc.Tools;

namespace Udc.Features.Assistant;

/// <summary><c>/assistant</c>: questions in natural language, and the admin routes that store provider keys.</summary>
internal static class AssistantApi
{
    /// <summary>A question and its options fit in a few KiB; 64 KiB leaves room and bounds what is buffered.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] s_queryFields = ["provider", "user_query", "model", "temperature", "api_key", "api_key_id", "mode", "max_tool_rounds"];
    private static readonly string[] s_keyFields = ["provider", "name", "api_key"];

    public static IEndpointRouteBuilder MapAssistantApi(this IEndpointRouteBuilder app)
    {
        var assistant = app.MapGroup("/assistant");
        assistant.MapPost("/query", Query);
        // Admin routes: the access layer lets only the admin key through, API keys on or off (client keys never).
        var keys = assistant.MapGroup("/keys").WithAccess(AccessPolicy.Admin);
        keys.MapPost("", StoreKey);
        keys.MapGet("", ListKeys);
        keys.MapDelete("/{id}", DeleteKey);
        return app;
    }

    private static async Task<IResult> Query(HttpContext context, AssistantService service)
    {
        var (request, error) = await ReadBodyAsync(context, AssistantJsonContext.Default.AssistantQueryRequest, s_queryFields);
        if (error is not null)
        {
            return error;
        }
        var (query, issues) = ValidQuery.From(request!);
        if (query is null)
        {
            return ApiError.Validation(issues);
        }
        var caller = ToolCaller.For(SourceAccess.IdentityOf(context), "ip:" + ClientAddress.Of(context));
        return await service.AnswerAsync(query, caller, context.RequestAborted);
    }

    private static async Task<IResult> StoreKey(HttpContext context, ProviderKeyStore keys)
    {
        var (request, error) = await ReadBodyAsync(context, AssistantJsonContext.Default.StoreKeyRequest, s_keyFields);
        if (error is not null)
        {
            return error;
        }
        var issues = new List<ValidationIssue>();
        if (!LlmProviderNames.TryParse(request!.Provider, out var provider))
        {
            issues.Add(ValidQuery.Body("provider", $"field required; valid: {string.Join(", ", LlmProviderNames.All)}", request.Provider is null ? "missing" : "enum"));
        }
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            issues.Add(ValidQuery.Body("name", "give a name of 1 to 100 characters", name is null ? "missing" : "value_error"));
        }
        var apiKey = request.ApiKey?.Trim();
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 1_000)
        {
            issues.Add(ValidQuery.Body("api_key", "give the provider's key, 1 to 1,000 characters", apiKey is null ? "missing" : "value_error"));
        }
        if (issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        if (!keys.CanStore)
        {
            return ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.MasterKeyMissing,
                $"Provider keys cannot be stored: set {KeyCipher.SettingName} (at least {KeyCipher.MinMasterKeyLength} characters) on the server, so they are encrypted at rest.");
        }
        var stored = keys.Create(provider, name!, apiKey!);
        return new JsonResponse(StatusCodes.Status201Created, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("api_key_id"u8, stored.Id);
            WriteKey(writer, stored);
            writer.WriteEndObject();
        });
    }

    private static IResult ListKeys(ProviderKeyStore keys)
    {
        var list = keys.List();
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data"u8);
            foreach (var key in list)
            {
                writer.WriteStartObject();
                writer.WriteString("api_key_id"u8, key.Id);
                WriteKey(writer, key);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("metadata"u8);
            writer.WriteNumber("total_results"u8, list.Count);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static IResult DeleteKey(string id, ProviderKeyStore keys)
    {
        return keys.Delete(id)
            ? Results.NoContent()
            : ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.KeyNotFound, $"No stored key has id '{(id.Length <= 64 ? id : id[..64])}'.");
    }

    private static void WriteKey(Utf8JsonWriter writer, StoredKeyInfo key)
    {
        writer.WriteString("provider"u8, key.Provider);
        writer.WriteString("name"u8, key.Name);
        writer.WriteString("created_at"u8, key.CreatedAt);
    }

    /// <summary>The body as <typeparamref name="T"/>, or the 413/422 that says why not; never an exception.</summary>
    private static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, IReadOnlyList<string> fields)
        where T : class
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, ApiError.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KiB."));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, ApiError.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KiB."));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, ApiError.Validation([new ValidationIssue(["body"], "a JSON object body is required", "missing")]));
        }
        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null
                ? (null, ApiError.Validation([new ValidationIssue(["body"], "a JSON object body is required", "missing")]))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiError.Validation([ValidQuery.FromJsonException(e, fields)]));
        }
    }
}
