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
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Mcp.Catalog;

/// <summary>What reading a source resource returns: the full description of <c>describe_source</c>, with no token budget.</summary>
internal static class SourceResourceContent
{
    public const string MimeType = "application/json";

    private static readonly string[] s_uriLocation = ["params", "uri"];

    public static ReadResourceResult Read(SourceResolver sources, string name, DateTimeOffset now, RequestContext<ReadResourceRequestParams> request)
    {
        // The one lookup every surface makes: refused before it looks (the answer is the same whether the source
        // exists or not), and an unknown name is answered with only the sources the caller may read.
        if (!sources.TryFind(name, ClientPrincipal.IdentityOf(request.User), s_uriLocation, out var state, out var error))
        {
            // Revisions from 2026-07-28 report an unknown resource as invalid params; earlier ones as not found.
            var code = error.Code == ErrorCodes.UnknownSource && string.CompareOrdinal(request.Server.NegotiatedProtocolVersion, "2026-07-28") < 0
                ? McpErrorCode.ResourceNotFound
                : McpErrorCode.InvalidParams;
            throw new McpProtocolException(error.Message, code);
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
