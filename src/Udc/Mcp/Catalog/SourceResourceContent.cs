using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Features.Data;
using Udc.Features.Sources;

namespace Udc.Mcp.Catalog;

/// <summary>What reading a source resource returns: the full description of <c>describe_source</c>, with no token budget.</summary>
internal static class SourceResourceContent
{
    public const string MimeType = "application/json";

    public static ReadResourceResult Read(SourceCatalog catalog, string name, DateTimeOffset now, RequestContext<ReadResourceRequestParams> request)
    {
        if (ClientPrincipal.IdentityOf(request.User)?.CanRead(name) == false)
        {
            // Refused before the lookup, as /data does, so the answer is the same whether the source exists or not.
            throw new McpProtocolException(SourceAccess.ForbiddenMessage(name), McpErrorCode.InvalidParams);
        }
        if (!catalog.TryGet(name, out var state))
        {
            // Revisions from 2026-07-28 report an unknown resource as invalid params; earlier ones as not found.
            var code = string.CompareOrdinal(request.Server.NegotiatedProtocolVersion, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound;
            throw new McpProtocolException($"Unknown data source '{name}'. Available sources: {string.Join(", ", catalog.Names)}.", code);
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            var columns = SourceWriter.ColumnsOf(state).Count;
            SourceWriter.WriteDescription(writer, state, 0, columns, now, metadata =>
            {
                if (state.Snapshot is { } snapshot)
                {
                    MetadataWriter.WriteFreshness(metadata, snapshot, now);
                }
            });
        }
        return new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = SourceResource.UriFor(state.Name), MimeType = MimeType, Text = Encoding.UTF8.GetString(buffer.WrittenSpan) }],
        };
    }
}
