using System.Text.Json;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.Redis;

namespace Udc.Features.Auth;

/// <summary>
/// <c>/auth/api-keys</c>: the admin creates, lists and revokes client keys. The plaintext of a key is in the
/// creation response and nowhere else, ever.
/// </summary>
internal static class AuthApi
{
    /// <summary>A name, a few sources and a date fit in far less; 16 KiB refuses junk early.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    private const int MaxNameLength = 200;

    /// <summary>The fields of the creation body, with the value each takes, for errors in the API's words.</summary>
    private static readonly Dictionary<string, string> s_createFields = new(StringComparer.Ordinal)
    {
        ["name"] = "a string",
        ["sources"] = "a list of source names (strings), or null for all sources",
        ["expires_at"] = "a date and time in ISO 8601, such as 2030-01-01T00:00:00Z, or null",
        ["tenant"] = "the key's tenant, a string",
        ["row_filters"] = "an object: per source (or *), a condition such as \"tenant_id = 42\"",
        ["column_policies"] = "an object: per source (or *), an object of column: hide|mask|hash|partial",
    };

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/auth/api-keys").WithAccess(AccessPolicy.Admin);
        keys.MapPost("", CreateAsync);
        keys.MapGet("", List);
        keys.MapPost("/{key_id}/revoke", RevokeAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ApiKeyRegistry registry, RedisBus bus, TimeProvider time)
    {
        var (body, error) = await RequestBody.ReadAsync(context, MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }
        if (JsonBodyIssue.NotUtf8(body) is { } encoding)
        {
            return ApiError.Validation([encoding]);
        }
        CreateApiKeyRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, AccessJsonContext.Default.CreateApiKeyRequest);
        }
        catch (JsonException e)
        {
            return ApiError.Validation([JsonBodyIssue.From(e, body, s_createFields)]);
        }
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var issues = Validate(request, now);
        var policy = request is null || request.Policy.IsEmpty ? null : CallerPolicy.From(request.Policy, ["body"], issues);
        if (issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        var (id, plaintext, hash) = ApiKeyFormat.Generate();
        var sources = request!.Sources?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var record = new ApiKeyRecord(id, request.Name!.Trim(), hash, sources, now, request.ExpiresAt?.ToUniversalTime(), null, null) { Policy = policy?.Json };
        registry.Store.Insert(record);
        registry.Created(record);
        // Replicas with their own database learn the key too (its hash, never the secret).
        await bus.PublishAsync(new BusMessage
        {
            Kind = "key_created",
            Origin = "",
            KeyId = record.KeyId,
            KeyName = record.Name,
            KeyHash = Convert.ToBase64String(record.SecretHash),
            KeySources = sources,
            KeyCreatedAt = record.CreatedAt.ToUnixTimeMilliseconds(),
            KeyExpiresAt = record.ExpiresAt?.ToUnixTimeMilliseconds(),
            KeyPolicy = record.Policy,
        });
        context.Response.Headers.CacheControl = "no-store";
        return new JsonResponse(StatusCodes.Status201Created, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("key_id"u8, record.KeyId);
            writer.WriteString("api_key"u8, plaintext);
            WriteFields(writer, record, null);
            writer.WriteEndObject();
        });
    }

    private static List<ValidationIssue> Validate(CreateApiKeyRequest? request, DateTimeOffset now)
    {
        var issues = new List<ValidationIssue>();
        if (request is null)
        {
            issues.Add(new ValidationIssue(["body"], "the body must be a JSON object with a name", "missing"));
            return issues;
        }
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            issues.Add(new ValidationIssue(["body", "name"], "field required: a name that says who or what uses the key", "missing"));
        }
        else if (request.Name.Length > MaxNameLength)
        {
            issues.Add(new ValidationIssue(["body", "name"], $"ensure this value has at most {MaxNameLength} characters", "value_error"));
        }
        if (request.Sources is { } sources)
        {
            if (sources.Length == 0)
            {
                issues.Add(new ValidationIssue(["body", "sources"], "give at least one source, or omit sources for all", "value_error"));
            }
            // Sources that do not exist yet are allowed (a file can be added later), but must look like names.
            foreach (var source in sources)
            {
                if (string.IsNullOrWhiteSpace(source) || source.Length > 200)
                {
                    issues.Add(new ValidationIssue(["body", "sources"], "each source must be a non-empty name", "value_error"));
                    break;
                }
            }
        }
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            issues.Add(new ValidationIssue(["body", "expires_at"], "must be in the future (ISO 8601, e.g. 2030-01-01T00:00:00Z)", "value_error"));
        }
        return issues;
    }

    private static IResult List(ApiKeyRegistry registry)
    {
        var keys = registry.Store.List();
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            // The seed lists keys as a bare array.
            writer.WriteStartArray();
            foreach (var key in keys)
            {
                writer.WriteStartObject();
                writer.WriteString("key_id"u8, key.KeyId);
                WriteFields(writer, key, registry.PendingLastUse(key.KeyId));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        });
    }

    private static async Task<IResult> RevokeAsync(string key_id, ApiKeyRegistry registry, RedisBus bus, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (!ApiKeyFormat.IsValidId(key_id) || !registry.Store.Revoke(key_id, now))
        {
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.ApiKeyNotFound, "No API key has that id.",
                [new ValidationIssue(["path", "key_id"], "no such key", "not_found")]);
        }
        registry.Forget(key_id);
        await bus.PublishAsync(new BusMessage { Kind = "key_revoked", Origin = "", KeyId = key_id, At = now.ToUnixTimeMilliseconds() });
        return Results.NoContent();
    }

    private static void WriteFields(Utf8JsonWriter writer, ApiKeyRecord key, DateTimeOffset? pendingLastUse)
    {
        writer.WriteString("name"u8, key.Name);
        writer.WriteString("prefix"u8, $"{ApiKeyFormat.Prefix}{key.KeyId}_");
        if (key.Sources is { } sources)
        {
            writer.WriteStartArray("sources"u8);
            foreach (var source in sources)
            {
                writer.WriteStringValue(source);
            }
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("sources"u8);
        }
        writer.WriteString("created_at"u8, key.CreatedAt.UtcDateTime);
        WriteTime(writer, "expires_at"u8, key.ExpiresAt);
        writer.WriteBoolean("revoked"u8, key.RevokedAt is not null);
        WriteTime(writer, "revoked_at"u8, key.RevokedAt);
        var lastUsed = pendingLastUse is { } pending && (key.LastUsedAt is null || pending > key.LastUsedAt) ? pending : key.LastUsedAt;
        WriteTime(writer, "last_used_at"u8, lastUsed);
        writer.WriteString("source"u8, "generated");
        WritePolicy(writer, key.Policy);
    }

    /// <summary>The key's policies as written: conditions and rules only, which hold no value of a masked column.</summary>
    private static void WritePolicy(Utf8JsonWriter writer, string? json)
    {
        var policy = json is null ? null : JsonSerializer.Deserialize(json, AccessJsonContext.Default.KeyPolicy);
        if (policy?.Tenant is { } tenant)
        {
            writer.WriteString("tenant"u8, tenant);
        }
        else
        {
            writer.WriteNull("tenant"u8);
        }
        writer.WritePropertyName("row_filters"u8);
        JsonSerializer.Serialize(writer, policy?.RowFilters ?? [], AccessJsonContext.Default.DictionaryStringString);
        writer.WritePropertyName("column_policies"u8);
        JsonSerializer.Serialize(writer, policy?.ColumnPolicies ?? [], AccessJsonContext.Default.DictionaryStringDictionaryStringString);
    }

    private static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.UtcDateTime);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
