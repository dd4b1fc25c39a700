using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using Udc.Engine.Columns;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// Items into records: <c>id</c> (RSS guid, else link; Atom id), <c>title</c>, <c>link</c>, <c>published</c>,
/// <c>updated</c> (ISO 8601 when the feed's date parses), <c>author</c> and <c>summary</c>.
/// </summary>
internal static partial class FeedFetcher
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    private static void ReadDocument(byte[] body, FetchedPage page)
    {
        using var reader = XmlReader.Create(new MemoryStream(body), Settings(body.Length));
        reader.MoveToContent();
        var atom = reader.LocalName == "feed" && reader.NamespaceURI == AtomNamespace;
        if (!atom && reader.LocalName != "rss" && reader.LocalName != "RDF")
        {
            throw new FetchException($"page 1: the document is neither RSS nor Atom (its root is <{reader.LocalName}>)");
        }
        var itemName = atom ? "entry" : "item";
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.Depth > MaxDepth)
            {
                throw new FetchException($"page 1: elements nest more than {MaxDepth} deep");
            }
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == itemName)
            {
                // ReadOuterXml leaves the reader on the node after the item.
                ReadItem(reader.ReadOuterXml(), atom, page);
                continue;
            }
            reader.Read();
        }
    }

    private static void ReadItem(string raw, bool atom, FetchedPage page)
    {
        var item = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = XmlReader.Create(new StringReader(raw), Settings(raw.Length + 1)))
        {
            reader.MoveToContent();
            var itemDepth = reader.Depth;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.Depth > MaxDepth)
                {
                    throw new FetchException($"page 1: elements nest more than {MaxDepth} deep");
                }
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != itemDepth + 1)
                {
                    reader.Read();
                    continue;
                }
                // Every branch below leaves the reader past the element it read.
                ReadField(reader, atom, item);
            }
        }
        if (!item.ContainsKey("summary") && item.Remove("content", out var content))
        {
            item["summary"] = content;
        }
        item.Remove("content");
        var id = item.GetValueOrDefault("id") is { Length: > 0 } guid ? guid : item.GetValueOrDefault("link");
        if (string.IsNullOrEmpty(id))
        {
            page.Rejected.Add(new RejectedRecord(null, atom ? "entry has no id" : "item has neither guid nor link", raw));
            return;
        }
        if (RecordCheck.CheckId(id, "id") is { } tooLong)
        {
            page.Rejected.Add(new RejectedRecord(null, tooLong, raw));
            return;
        }
        page.Records.Add(new FetchedRecord(id, raw, Normalize(id, item)));
    }

    private static void ReadField(XmlReader reader, bool atom, Dictionary<string, string> item)
    {
        var name = reader.LocalName;
        var ns = reader.NamespaceURI;
        if (atom && name == "link")
        {
            var rel = reader.GetAttribute("rel");
            if ((rel is null or "alternate") && reader.GetAttribute("href") is { } href)
            {
                item.TryAdd("link", href);
            }
            reader.Skip();
            return;
        }
        if (atom && name == "author")
        {
            item.TryAdd("author", ReadAuthorName(reader).Trim());
            return;
        }
        var key = (atom, name) switch
        {
            (_, "title") => "title",
            (false, "link") => "link",
            (false, "guid") or (true, "id") => "id",
            (false, "pubDate") or (true, "published") => "published",
            (true, "updated") => "updated",
            (false, "author") => "author",
            (false, "creator") when ns == DublinCoreNamespace => "author",
            (false, "description") or (true, "summary") => "summary",
            (true, "content") => "content",
            _ => null,
        };
        if (key is null)
        {
            reader.Skip();
            return;
        }
        item.TryAdd(key, reader.ReadElementContentAsString().Trim());
    }

    /// <summary>The author's name; the reader ends past the author element.</summary>
    private static string ReadAuthorName(XmlReader reader)
    {
        var name = "";
        using (var author = reader.ReadSubtree())
        {
            while (author.Read())
            {
                if (author.NodeType == XmlNodeType.Element && author.LocalName == "name")
                {
                    name = author.ReadElementContentAsString();
                    break;
                }
            }
        }
        reader.Skip();
        return name;
    }

    private static byte[] Normalize(string id, Dictionary<string, string> item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOutput.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            foreach (var field in (ReadOnlySpan<string>)["title", "link", "published", "updated", "author", "summary"])
            {
                if (!item.TryGetValue(field, out var value) || value.Length == 0)
                {
                    writer.WriteNull(field);
                }
                else
                {
                    writer.WriteString(field, field is "published" or "updated" ? Iso(value) : value);
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>RFC 822 (RSS) and RFC 3339 (Atom) dates as ISO 8601 in UTC; a date that does not parse is kept as written.</summary>
    private static string Iso(string text)
    {
        var trimmed = text.Trim();
        // RFC 822 zones by name, which .NET does not read: GMT and UT are UTC, US zones by offset.
        foreach (var (zone, offset) in (ReadOnlySpan<(string, string)>)[(" GMT", " +0000"), (" UT", " +0000"), (" EST", " -0500"), (" EDT", " -0400"), (" PST", " -0800"), (" PDT", " -0700")])
        {
            if (trimmed.EndsWith(zone, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^zone.Length] + offset;
                break;
            }
        }
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || DateTimeOffset.TryParseExact(trimmed, ["ddd, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm zzz"], CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed)
            ? parsed.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : text;
    }
}
