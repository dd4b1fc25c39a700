using System.Text.Json;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Engine.Sql;
using Udc.Features.Data;
using Udc.Hosting;
using Udc.RateLimiting;
using Udc.Reading;

namespace Udc.Features.Sql;

/// <summary>
/// <c>POST /query</c> with <c>{"sql": "SELECT ..."}</c>: UDC's read-only SELECT subset, parsed here and compiled onto the
/// engine's typed requests. There is no write path to reach: the statement only ever becomes a filter, an order and
/// a window, or an aggregate. Results stay within <see cref="MaxRows"/>; the source's allow-list and rate limit apply.
/// </summary>
internal static class SqlApi
{
    /// <summary>A statement of 10,000 characters and its JSON fit well inside 64 KiB.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Rows (or groups) one answer holds at most, the same as the row window's limit.</summary>
    public const int MaxRows = RowWindow.MaxLimit;

    public static readonly string[] SqlLocation = ["body", "sql"];

    private static readonly RequestOrigin s_origin = new(SqlLocation, SqlLocation, []);

    public static IEndpointRouteBuilder MapSqlApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/query", Query);
        return app;
    }

    private static async Task<IResult> Query(HttpContext context, SourceResolver sources, RequestRateLimiter limiter, TimeProvider time)
    {
        var (body, bodyError) = await RequestBody.ReadAsync(context, MaxBodyBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (ReadSql(body!) is not { } sql)
        {
            return ApiError.Validation([new ValidationIssue(["body"], "send a JSON object with one field, sql: {\"sql\": \"SELECT ... FROM source\"}", "value_error")]);
        }
        SqlPlan plan;
        try
        {
            plan = SqlCompiler.Compile(SqlParser.Parse(sql));
        }
        catch (SqlException e)
        {
            return ApiError.Validation([Issue(sql, e, SqlLocation)]);
        }
        var identity = SourceAccess.IdentityOf(context);
        if (!sources.TryResolve(plan.Source, identity, SqlLocation, plan.Rows, s_origin, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        if (await limiter.AcquireAsync(identity?.Partition ?? "ip:" + ClientAddress.Of(context), snapshot.Name) is { Allowed: false } rejected)
        {
            RateLimitHeaders.Write(context.Response, rejected);
            return RateLimitHeaders.Rejection(rejected, snapshot.Name);
        }
        var result = SqlRunner.Run(snapshot, plan, s_origin);
        if (!result.IsValid)
        {
            return ApiError.Validation(result.Issues);
        }
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            using (result)
            {
                SqlResponse.Write(writer, result, sql, 0, Math.Min(result.Count, MaxRows), now, RowWriter.Unbounded, null);
            }
        });
    }

    /// <summary>The issue of a refused statement, at the statement, with its line and column and what is supported.</summary>
    public static ValidationIssue Issue(string sql, SqlException e, IReadOnlyList<string> location)
    {
        var position = Math.Clamp(e.Position, 0, sql.Length);
        var line = 1 + sql.AsSpan(0, position).Count('\n');
        var column = position - (sql.LastIndexOf('\n', Math.Max(0, position - 1)) + 1) + 1;
        var message = $"line {line}, column {column}: {e.Message}";
        return new ValidationIssue(location, e.Unsupported ? $"{message}. {SqlParser.Supported}" : message, e.Unsupported ? "sql_unsupported" : "sql_syntax");
    }

    private static string? ReadSql(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sql"u8, out var sql) || sql.ValueKind != JsonValueKind.String
                || root.EnumerateObject().Any(p => p.Name != "sql"))
            {
                return null;
            }
            return sql.GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
