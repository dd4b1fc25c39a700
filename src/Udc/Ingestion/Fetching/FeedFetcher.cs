using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// Reads an RSS 2.0 or Atom feed, one page for the whole document. Feeds are XML from strangers: a DTD is refused
/// outright (so no entity expansion and no external entity is ever fetched), there is no resolver, the body is
/// read only up to the connector's <c>max_bytes</c>, and elements nest at most <see cref="MaxDepth"/> deep.
/// </summary>
internal static partial class FeedFetcher
{
    /// <summary>RSS items sit at depth 3 and Atom entries at 2, with content a few levels below; 32 is far past any real feed.</summary>
    public const int MaxDepth = 32;

    public static async IAsyncEnumerable<FetchedPage> FetchAsync(UpstreamClient upstream, IngestCheckpoint checkpoint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connector = upstream.Connector;
        var response = await upstream.GetAsync(connector.Url!, 1, UpstreamClient.Validators(checkpoint, connector.Conditional), cancellationToken);
        var page = new FetchedPage { Requests = 1, ETag = response.ETag, LastModified = response.LastModified };
        if (response.NotModified)
        {
            page.NotModified = true;
            yield return page;
            yield break;
        }
        page.ContentHash = Convert.ToHexStringLower(SHA256.HashData(response.Body));
        if (page.ContentHash == checkpoint.ContentHash)
        {
            page.NotModified = true;
            yield return page;
            yield break;
        }
        Read(response.Body, page);
        yield return page;
    }

    /// <summary>
    /// A feed document's items into <paramref name="page"/>. Whatever the bytes, the only failure is a
    /// <see cref="FetchException"/> naming what is wrong (the fuzzing campaign holds it to that).
    /// </summary>
    public static void Read(byte[] body, FetchedPage page)
    {
        try
        {
            ReadDocument(body, page);
        }
        catch (XmlException e)
        {
            throw new FetchException($"page 1: the feed is not well-formed XML or uses a DTD, which is refused ({e.Message})");
        }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException)
        {
            // The reader itself can fail this way on a broken XML declaration (an encoding switch over truncated or
            // garbled bytes throws ArgumentOutOfRangeException from inside XmlTextReader): found by fuzzing.
            throw new FetchException($"page 1: the feed's XML declaration or encoding cannot be read ({e.GetType().Name})");
        }
    }

    /// <summary>The one set of reader settings for feed XML, used for the document and each item's outer XML alike.</summary>
    public static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };
}
