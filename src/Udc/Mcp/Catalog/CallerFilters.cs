using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;

namespace Udc.Mcp.Catalog;

/// <summary>
/// What an API key limited to some sources sees of the lists: tools whose source enums and filters describe
/// only its sources, and only its sources' resources. Reads and calls check the key themselves (through the one
/// <see cref="Reading.SourceResolver"/>); these filters keep the lists from
/// naming the sources it may not read. Unrestricted callers get the shared lists untouched.
/// </summary>
internal static class CallerFilters
{
    public static IMcpServerBuilder WithCallerFilters(this IMcpServerBuilder builder) => builder.WithRequestFilters(filters => filters
        .AddListToolsFilter(next => async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken);
            if (ClientPrincipal.IdentityOf(request.User) is { } caller && (caller.Sources is not null || caller.Policy is not null))
            {
                result.Tools = request.Services!.GetRequiredService<CatalogPrimitives>().DescribeFor(caller);
            }
            return result;
        })
        .AddListResourcesFilter(next => async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken);
            if (ClientPrincipal.IdentityOf(request.User) is { Sources: not null } caller)
            {
                result.Resources = [.. result.Resources.Where(r => SourceResource.SourceOf(r.Uri) is not { } source || caller.CanRead(source))];
            }
            // A listed resource's description counts all of a source's rows; a caller under a policy reads its own count.
            if (ClientPrincipal.IdentityOf(request.User) is { Policy: not null })
            {
                foreach (var resource in result.Resources)
                {
                    resource.Description = "Read this resource for the source's columns, values and rows as this caller sees them.";
                }
            }
            return result;
        }));
}
