using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Udc.Features.OpenApi;
using Udc.Hosting;
using Udc.Tests.Features.Data;

namespace Udc.Tests.Features.OpenApi;

/// <summary>
/// The hand-kept OpenAPI document against the running app: it parses, it is served, its paths are exactly the
/// mapped routes, and real responses fit the schemas it declares for them, field by field.
/// </summary>
public sealed partial class OpenApiDocumentTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private static readonly string[] s_methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly Lazy<JsonElement> s_document = new(() =>
    {
        using var document = JsonDocument.Parse(OpenApiDocument.Bytes);
        return document.RootElement.Clone();
    });

    private static JsonElement Document => s_document.Value;

    [Fact]
    public void Document_Embedded_ParsesAsOpenApi31WithTheAppVersion()
    {
        Assert.StartsWith("3.1.", Document.Text("openapi"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Document.GetProperty("info").Text("title")));
        Assert.Equal(UdcVersion.Current, Document.GetProperty("info").Text("version"));
        Assert.NotEmpty(Document.GetProperty("paths").EnumerateObject());
    }

    [Fact]
    public async Task Document_Served_AtOpenApiJsonAsTheEmbeddedBytes()
    {
        var response = await fixture.Server.GetOkAsync("/openapi.json");

        Assert.Equal(System.Text.Encoding.UTF8.GetString(OpenApiDocument.Bytes), response.Body);
    }

    [Fact]
    public void Document_EveryErrorCode_Listed()
    {
        var text = System.Text.Encoding.UTF8.GetString(OpenApiDocument.Bytes);
        var codes = typeof(ErrorCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Contains($"`{code}`", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Paths_EveryMappedRoute_DocumentedWithItsMethodAndNothingElse()
    {
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Normalize(endpoint.RoutePattern.RawText ?? "");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.True(methods.Count > 0, $"route {path} accepts any method; map it with a verb so it can be documented");
            foreach (var method in methods)
            {
                mapped.Add($"{method.ToUpperInvariant()} {path}");
            }
        }
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => s_methods.Contains(o.Name)))
            {
                documented.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        Assert.NotEmpty(mapped);
        var undocumented = mapped.Except(documented).ToList();
        var unmapped = documented.Except(mapped).ToList();
        Assert.True(undocumented.Count == 0 && unmapped.Count == 0,
            $"mapped but not in openapi.json: [{string.Join(", ", undocumented)}]; in openapi.json but not mapped: [{string.Join(", ", unmapped)}]");
    }

    [Fact]
    public void Operations_All_UniqueIdsResponsesAndDeclaredPathParameters()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations())
        {
            Assert.True(ids.Add(operation.Text("operationId")), $"{method} {path}: duplicate operationId");
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            Assert.True(responses.Count > 0, $"{method} {path}: no responses");
            Assert.All(responses, r => Assert.False(string.IsNullOrWhiteSpace(Resolve(r.Value).Text("description"))));
            Assert.Contains(responses, r => r.Name is "200" or "201" or "202" or "204");
            Assert.Contains(responses, r => r.Name == "500");

            var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().Select(Resolve).ToList() : [];
            var keys = parameters.Select(p => $"{p.Text("in")}:{p.Text("name")}").ToList();
            Assert.Equal(keys.Distinct().Count(), keys.Count);
            var templated = TemplateNames().Matches(path).Select(m => m.Groups[1].Value).Order().ToList();
            var declared = parameters.Where(p => p.Text("in") == "path").ToList();
            Assert.Equal(templated, declared.Select(p => p.Text("name")).Order());
            Assert.All(declared, p => Assert.True(p.GetProperty("required").GetBoolean(), $"{method} {path}: path parameter {p.Text("name")} must be required"));
        }
    }

    [Fact]
    public void References_All_ResolveToComponents()
    {
        var references = References(Document).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Resolve(reference));
    }

    [Fact]
    public void Parameters_SeedNames_DocumentedOnQueryData()
    {
        var operation = Document.GetProperty("paths").GetProperty("/data/{source}").GetProperty("get");
        var names = operation.GetProperty("parameters").EnumerateArray().Select(Resolve).Select(p => p.Text("name")).ToHashSet();

        Assert.Superset(
            new HashSet<string> { "source", "page", "page_size", "status", "priority", "metric", "start_date", "end_date", "ticket_id", "customer_id", "query", "stream", "sort", "fields" },
            names);
    }

    [Theory]
    [InlineData("/data/crm?page=1&page_size=5")]
    [InlineData("/data/crm?status=active&query=a&fields=name,status&sort=-customer_id")]
    [InlineData("/data/support?status=open&priority=high&start_date=2024-01-01&end_date=2024-03-31")]
    [InlineData("/data/analytics?metric=daily_active_users&page=99")]
    [InlineData("/data/support/101")]
    [InlineData("/data/support/aggregate?group_by=status,priority&metrics=count,min:created_at&status__ne=closed&query=a&limit=2")]
    [InlineData("/data/analytics/aggregate?group_by=metric&metrics=sum:value,avg:value")]
    [InlineData("/sources")]
    [InlineData("/sources/support")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health/summary")]
    [InlineData("/data/billing")]
    [InlineData("/sources/billing")]
    [InlineData("/data/crm?page_size=99&nope=1")]
    [InlineData("/data/support/999")]
    [InlineData("/data/support/abc")]
    [InlineData("/data/crm/aggregate?metrics=avg:name")]
    public async Task Responses_RealBodies_FitTheDocumentedSchema(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        var schema = DocumentedSchema(url, response.Status, response.MediaType!);
        var errors = new List<string>();
        SchemaCheck.Validate(response.Json, schema, "$", errors);

        Assert.True(errors.Count == 0, $"{url} ({(int)response.Status}) does not fit the document:\n{string.Join('\n', errors)}\n{response.Preview}");
    }

    [Fact]
    public async Task Responses_NdjsonStream_LinesFitTheRecordSchema()
    {
        var rows = await fixture.Server.StreamAllAsync("support");

        var schema = Resolve(DocumentedSchema("/data/support?stream=true", HttpStatusCode.OK, "application/x-ndjson"));
        Assert.Equal("string", schema.Text("type"));
        var record = Resolve("#/components/schemas/Record");
        var errors = new List<string>();
        foreach (var row in rows)
        {
            SchemaCheck.Validate(row, record, "$", errors);
        }
        Assert.Empty(errors);
    }

    /// <summary>The schema the document declares for this path, status and media type.</summary>
    private static JsonElement DocumentedSchema(string url, HttpStatusCode status, string mediaType)
    {
        var path = new Uri("http://x" + url).AbsolutePath;
        var template = Document.GetProperty("paths").EnumerateObject()
            .Where(p => Matches(p.Name, path))
            .OrderByDescending(p => p.Name.Split('/').Count(s => !s.StartsWith('{')))
            .Select(p => p.Name)
            .FirstOrDefault() ?? throw new Xunit.Sdk.XunitException($"no documented path matches {path}");
        var responses = Document.GetProperty("paths").GetProperty(template).GetProperty("get").GetProperty("responses");
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        Assert.True(responses.TryGetProperty(code, out var declared), $"GET {template} does not document a {code} response");
        var content = Resolve(declared).GetProperty("content");
        Assert.True(content.TryGetProperty(mediaType, out var media), $"GET {template} {code} does not document {mediaType}");
        return media.GetProperty("schema");
    }

    private static bool Matches(string template, string path)
    {
        var want = template.Split('/');
        var have = path.Split('/');
        return want.Length == have.Length && want.Zip(have).All(p => p.First.StartsWith('{') || p.First == p.Second);
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        Document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => s_methods.Contains(o.Name)).Select(o => (p.Name, o.Name, o.Value)));

    /// <summary><c>{id:int}</c>, <c>{id?}</c> and <c>{*rest}</c> are written <c>{id}</c> and <c>{rest}</c> in OpenAPI.</summary>
    private static string Normalize(string pattern)
    {
        // A group mapped at "" (the MCP endpoint) reads "/mcp/"; the trailing slash is not part of the path.
        var path = "/" + pattern.Trim('/');
        return RouteParameter().Replace(path, m => "{" + m.Groups[1].Value + "}");
    }

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "$ref" ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    internal static JsonElement Resolve(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference) ? Resolve(reference.GetString()!) : element;

    internal static JsonElement Resolve(string reference)
    {
        Assert.StartsWith("#/", reference, StringComparison.Ordinal);
        var target = Document;
        foreach (var part in reference[2..].Split('/'))
        {
            Assert.True(target.TryGetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out target), $"{reference} does not resolve");
        }
        return Resolve(target);
    }

    [GeneratedRegex(@"\{([^}/]+)\}")]
    private static partial Regex TemplateNames();

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)(?::[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>
    /// The part of JSON Schema the document uses, checked strictly: an object schema that lists properties and
    /// says nothing of others rejects a field it does not declare, so a field the server adds must be documented.
    /// </summary>
    private static class SchemaCheck
    {
        public static void Validate(JsonElement value, JsonElement schema, string at, List<string> errors, bool closed = true)
        {
            schema = Resolve(schema);
            if (schema.TryGetProperty("allOf", out var allOf))
            {
                foreach (var part in allOf.EnumerateArray())
                {
                    Validate(value, part, at, errors, closed: false);
                }
                var declared = allOf.EnumerateArray().Select(Resolve).SelectMany(Declared).ToHashSet();
                CheckUndeclared(value, declared, at, errors);
                return;
            }
            if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
            {
                errors.Add($"{at}: {value.ValueKind} is not {type.GetRawText()}");
                return;
            }
            if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => o.GetRawText() == value.GetRawText()))
            {
                errors.Add($"{at}: {value.GetRawText()} is not one of {options.GetRawText()}");
            }
            if (schema.TryGetProperty("const", out var constant) && constant.GetRawText() != value.GetRawText())
            {
                errors.Add($"{at}: {value.GetRawText()} is not {constant.GetRawText()}");
            }
            if (value.ValueKind == JsonValueKind.Number
                && (schema.TryGetProperty("minimum", out var minimum) && value.GetDouble() < minimum.GetDouble()
                    || schema.TryGetProperty("maximum", out var maximum) && value.GetDouble() > maximum.GetDouble()))
            {
                errors.Add($"{at}: {value.GetRawText()} is outside the documented minimum and maximum");
            }
            if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(item, items, $"{at}[{index++}]", errors);
                }
            }
            if (value.ValueKind == JsonValueKind.Object)
            {
                ValidateObject(value, schema, at, errors, closed);
            }
        }

        private static void ValidateObject(JsonElement value, JsonElement schema, string at, List<string> errors, bool closed)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                {
                    errors.Add($"{at}: required '{name}' is missing");
                }
            }
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    Validate(property.Value, propertySchema, $"{at}.{property.Name}", errors);
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Validate(property.Value, additional, $"{at}.{property.Name}", errors);
                }
            }
            if (closed && properties.ValueKind == JsonValueKind.Object && additional.ValueKind == JsonValueKind.Undefined)
            {
                CheckUndeclared(value, [.. Declared(schema)], at, errors);
            }
        }

        private static void CheckUndeclared(JsonElement value, HashSet<string> declared, string at, List<string> errors)
        {
            foreach (var property in value.EnumerateObject().Where(p => !declared.Contains(p.Name)))
            {
                errors.Add($"{at}: '{property.Name}' is written by the server but not documented");
            }
        }

        private static IEnumerable<string> Declared(JsonElement schema) =>
            schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];

        private static bool TypeMatches(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => TypeMatches(value, t.GetString()!))
            : TypeMatches(value, type.GetString()!);

        private static bool TypeMatches(JsonElement value, string type) => type switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => false,
        };
    }
}
