using Udc.Hosting;

namespace Udc.Access;

/// <summary>
/// The allow-list check every route that reads a source must make (pages, streams, aggregates, records,
/// source descriptions, and exports, assistant tools and MCP tools alike).
/// </summary>
internal static class SourceAccess
{
    public static ClientIdentity? IdentityOf(HttpContext context) => context.Features.Get<ClientIdentity>();

    public static bool CanRead(HttpContext context, string source) => IdentityOf(context)?.CanRead(source) ?? true;

    /// <summary>
    /// 403 for a source outside the key's allow-list, whether it exists or not, so a restricted key learns
    /// nothing about the sources it cannot read.
    /// </summary>
    public static JsonResponse Forbidden(string source) => ApiError.From(Reading.SourceResolver.Forbidden(source, ["path", "source"]));

    /// <summary>The words of that 403, which assistant and MCP tools return as their error result too.</summary>
    public static string ForbiddenMessage(string source) =>
        $"This API key may not read source '{(source.Length <= 64 ? source : source[..64] + "…")}'.";

    public static Engine.Query.ValidationIssue ForbiddenIssue(IReadOnlyList<string> location) => new(location, "not in this API key's sources", "permission_error");

    /// <summary>An endpoint filter for routes with a <c>{source}</c> parameter: 403 before anything else runs.</summary>
    public static TBuilder RequireSourceAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(static (context, next) =>
        {
            var http = context.HttpContext;
            return http.Request.RouteValues.TryGetValue("source", out var value) && value is string source && !CanRead(http, source)
                ? ValueTask.FromResult<object?>(Forbidden(source))
                : next(context);
        });
}
