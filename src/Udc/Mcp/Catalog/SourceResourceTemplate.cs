using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Engine.Catalog;

namespace Udc.Mcp.Catalog;

/// <summary>
/// The template <c>udc://sources/{name}</c>: lets clients read any source by name, and serves reads that
/// arrive while a reloaded source's resource is being replaced.
/// </summary>
internal sealed class SourceResourceTemplate(Reading.SourceResolver sources, TimeProvider time) : McpServerResource
{
    public override ResourceTemplate ProtocolResourceTemplate { get; } = new()
    {
        UriTemplate = SourceResource.UriPrefix + "{name}",
        Name = "source",
        Title = "Data source",
        Description = "A data source's columns, types, values, ranges, filter operators and freshness. list_sources names them.",
        MimeType = SourceResourceContent.MimeType,
    };

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => SourceResource.SourceOf(uri) is not null;

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SourceResourceContent.Read(sources, SourceResource.SourceOf(request.Params?.Uri ?? "") ?? "", time.GetUtcNow(), request));
}
