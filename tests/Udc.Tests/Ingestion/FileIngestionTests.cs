using System.Text;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Ingestion;

public sealed class FileIngestionTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>News</title>
            <item><guid>n-1</guid><title>First</title><link>https://example.com/1</link><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate><dc:creator>Ada</dc:creator><description>One</description></item>
            <item><title>Second</title><link>https://example.com/2</link><pubDate>Tue, 03 Mar 2026 11:30:00 +0100</pubDate></item>
            <item><title>No identity</title></item>
          </channel>
        </rss>
        """;

    private const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Log</title>
          <entry><id>urn:a:1</id><title>Alpha</title><link rel="alternate" href="https://example.com/a"/><updated>2026-03-01T09:00:00Z</updated><author><name>Bo</name></author><summary>S</summary></entry>
          <entry><id>urn:a:2</id><title>Beta</title><link href="https://example.com/b"/><published>2026-03-02T09:00:00+02:00</published><content>C</content></entry>
        </feed>
        """;

    private static string FeedConnector(Uri upstream, string extra = "") => $$$"""
        {"connectors": {"news": {"type": "feed", "url": "{{{upstream}}}doc", "allow_addresses": ["127.0.0.1"], "run_at_start": false{{{extra}}} } } }
        """;

    [Fact]
    public async Task Feed_Rss_ItemsBecomeRecordsAndOneWithoutIdIsRejected()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Document = Rss;
        upstream.DocumentType = "application/rss+xml";
        await using var host = await IngestHost.StartAsync(FeedConnector(upstream.BaseAddress));

        var run = await host.RunAsync("news");

        Assert.Equal(2, run.GetProperty("inserted").GetInt32());
        Assert.Equal(1, run.GetProperty("rejected").GetInt32());
        var first = (await host.GetAsync("/data/news?id=n-1")).GetProperty("data")[0];
        Assert.Equal("First", first.GetProperty("title").GetString());
        Assert.Equal("Ada", first.GetProperty("author").GetString());
        Assert.Equal("2026-03-02T10:00:00Z", first.GetProperty("published").GetString());
        var second = (await host.GetAsync("/data/news?id=https://example.com/2")).GetProperty("data")[0];
        Assert.Equal("2026-03-03T10:30:00Z", second.GetProperty("published").GetString());
    }

    [Fact]
    public async Task Feed_Atom_EntriesBecomeRecordsAndSameDocumentIsNoNews()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Document = Atom;
        upstream.DocumentType = "application/atom+xml";
        await using var host = await IngestHost.StartAsync(FeedConnector(upstream.BaseAddress));

        await host.RunAsync("news");
        var second = await host.RunAsync("news");

        Assert.Equal("not_modified", second.GetProperty("status").GetString());
        var beta = (await host.GetAsync("/data/news?id=urn:a:2")).GetProperty("data")[0];
        Assert.Equal("https://example.com/b", beta.GetProperty("link").GetString());
        Assert.Equal("C", beta.GetProperty("summary").GetString());
        Assert.Equal("Bo", (await host.GetAsync("/data/news?id=urn:a:1")).GetProperty("data")[0].GetProperty("author").GetString());
    }

    [Theory]
    [InlineData("<rss><channel><item><guid>1</guid></channel></rss>", "not well-formed")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><item><guid>&xxe;</guid></item></channel></rss>""", "DTD")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><item><guid>&lol2;</guid></item></channel></rss>""", "DTD")]
    [InlineData("<html><body>not a feed</body></html>", "neither RSS nor Atom")]
    public async Task Feed_HostileOrMalformed_RunFailsWithReasonAndNothingStored(string document, string reason)
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Document = document;
        await using var host = await IngestHost.StartAsync(FeedConnector(upstream.BaseAddress));

        var run = await host.RunAsync("news");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains(reason, run.GetProperty("error").GetString());
        Assert.DoesNotContain("root:", run.GetProperty("error").GetString());
        Assert.Empty(await host.IdsAsync("news"));
    }

    [Fact]
    public async Task Feed_FiftyMegabyteDocument_RefusedAtMaxBytesWithoutReadingItAll()
    {
        await using var upstream = await FeedServer.StartAsync();
        var item = "<item><guid>x</guid><title>" + new string('a', 1000) + "</title></item>";
        var big = new StringBuilder("<rss><channel>");
        while (big.Length < 50 * 1024 * 1024)
        {
            big.Append(item);
        }
        upstream.Document = big.Append("</channel></rss>").ToString();
        await using var host = await IngestHost.StartAsync(FeedConnector(upstream.BaseAddress, ", \"max_bytes\": 8388608"));

        var run = await host.RunAsync("news");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("over max_bytes (8388608)", run.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Csv_LocalLatin1SemicolonCompositeId_RowsServedAndBadRowsRejected()
    {
        var directory = Directory.CreateTempSubdirectory("udc-ingest-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "feeds"));
        var csv = "sku;store;name;price\nA1;s1;Café;2.5\nA1;s2;Thé;3\n;s3;no sku;1\nB2;s1;short\n";
        await File.WriteAllBytesAsync(Path.Combine(directory, "feeds", "prices.csv"), Encoding.Latin1.GetBytes(csv), TestContext.Current.CancellationToken);
        await using var host = await IngestHost.StartAsync("""
            {"connectors": {"prices": {"type": "csv", "path": "feeds/prices.csv", "delimiter": ";", "encoding": "latin1", "id_columns": ["sku", "store"], "run_at_start": false}}}
            """, dataDirectory: directory);

        var run = await host.RunAsync("prices");
        var again = await host.RunAsync("prices");

        Assert.Equal(2, run.GetProperty("inserted").GetInt32());
        Assert.Equal(2, run.GetProperty("rejected").GetInt32());
        Assert.Equal("not_modified", again.GetProperty("status").GetString());
        var cafe = (await host.GetAsync("/data/prices?_id=A1|s1")).GetProperty("data")[0];
        Assert.Equal("Café", cafe.GetProperty("name").GetString());
        Assert.Equal(2.5, cafe.GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Csv_OverHttp_ChangedRowUpdatedInPlace()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Document = "id,name\n1,a\n2,b\n";
        await using var host = await IngestHost.StartAsync($$$"""
            {"connectors": {"people": {"type": "csv", "url": "{{{upstream.BaseAddress}}}doc", "id_columns": ["id"], "allow_addresses": ["127.0.0.1/32"], "run_at_start": false } } }
            """);
        await host.RunAsync("people");
        upstream.Document = "id,name\n1,a\n2,bee\n3,c\n";

        var second = await host.RunAsync("people");

        Assert.Equal(1, second.GetProperty("inserted").GetInt32());
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.Equal(1, second.GetProperty("unchanged").GetInt32());
        Assert.Equal("bee", (await host.GetAsync("/data/people?id=2")).GetProperty("data")[0].GetProperty("name").GetString());
        Assert.Equal(3, (await host.IdsAsync("people")).Count);
    }
}
