using System.Net;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>
/// No input may produce a 500. Each case goes to the app raw (exactly the bytes a socket client could send,
/// malformed escapes and 100,000-character values included) and, when HttpClient can carry it, through
/// HttpClient too. Every answer is below 500, and every 4xx is the error envelope.
/// </summary>
public abstract class HostileInputTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : HostileInputTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : HostileInputTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : HostileInputTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    /// <summary>HttpClient's <see cref="Uri"/> refuses longer strings.</summary>
    private const int MaxUriLength = 65_000;

    private static readonly string s_long = new('a', 100_000);
    private static readonly string s_emoji = "%F0%9F%98%80";

    /// <summary>Label → (escaped path, raw query). Labels keep test names short; values can be 100 KB.</summary>
    private static readonly Dictionary<string, (string Path, string Query)> s_cases = new()
    {
        ["percent ZZ value"] = ("/data/crm", "page=%ZZ"),
        ["percent ZZ key"] = ("/data/crm", "%ZZ=1"),
        ["percent ZZ filter"] = ("/data/crm", "status=%ZZ"),
        ["lone percent"] = ("/data/crm", "status=%&%=%&%%=%%"),
        ["NUL value"] = ("/data/crm", "status=%00"),
        ["NUL key"] = ("/data/crm", "%00=1"),
        ["NUL page"] = ("/data/crm", "page=%00"),
        ["NUL query"] = ("/data/crm", "query=%00"),
        ["NUL contains"] = ("/data/support", "subject__contains=%00"),
        ["invalid UTF-8 value"] = ("/data/crm", "status=%C3%28"),
        ["invalid UTF-8 key"] = ("/data/crm", "%C3%28=1"),
        ["invalid UTF-8 query"] = ("/data/crm", "query=%C3%28"),
        ["encoded surrogate"] = ("/data/crm", "name=%ED%A0%80&query=%ED%A0%80"),
        ["BOM bytes"] = ("/data/crm", "%FF%FE=%FF%FE"),
        ["long value"] = ("/data/crm", "status=" + s_long),
        ["long query"] = ("/data/crm", "query=" + s_long),
        ["long key"] = ("/data/crm", s_long + "=1"),
        ["long sort"] = ("/data/crm", "sort=" + s_long),
        ["long fields"] = ("/data/crm", "fields=" + s_long),
        ["long page"] = ("/data/crm", "page=" + new string('9', 100_000)),
        ["long date"] = ("/data/crm", "start_date=" + s_long),
        ["1000 equal params"] = ("/data/crm", Repeat("status=active", 1_000)),
        ["1000 page params"] = ("/data/crm", Repeat("page=1", 1_000)),
        ["1000 unknown keys"] = ("/data/crm", string.Join('&', Enumerable.Range(0, 1_000).Select(i => $"x{i}=1"))),
        ["1000 range params"] = ("/data/crm", Repeat("customer_id__gt=1", 1_000)),
        ["1001 listed values"] = ("/data/crm", "status=" + string.Join(',', Enumerable.Repeat("a", 1_001))),
        ["1000 listed ids"] = ("/data/crm", "customer_id=" + string.Join(',', Enumerable.Range(1, 1_000))),
        ["1000 listed doubles"] = ("/data/analytics", "value=" + string.Join(',', Enumerable.Range(1, 1_000))),
        ["1000 sort keys"] = ("/data/crm", "sort=" + string.Join(',', Enumerable.Repeat("-name", 1_000))),
        ["1000 fields"] = ("/data/crm", "fields=" + string.Join(',', Enumerable.Repeat("name", 1_000))),
        ["emoji key and value"] = ("/data/crm", $"{s_emoji}={s_emoji}"),
        ["emoji operator"] = ("/data/crm", $"{s_emoji}__gt=1&status__{s_emoji}=1"),
        ["emoji filter"] = ("/data/crm", $"status={s_emoji}&name__contains={s_emoji}&query={s_emoji}"),
        ["emoji cut by truncation"] = ("/data/crm", $"page={new string('a', 39)}{s_emoji}&customer_id={new string('a', 39)}{s_emoji}"),
        ["emoji over length"] = ("/data/crm", "query=" + string.Concat(Enumerable.Repeat(s_emoji, 600))),
        ["RTL override"] = ("/data/crm", "query=%E2%80%AE&status=%E2%80%AE"),
        ["combining mark"] = ("/data/crm", "name=%CC%81&name__startswith=%CC%81&query=%CC%81"),
        ["Devanagari digit page"] = ("/data/crm", "page=%E0%A5%A7"),
        ["page -1"] = ("/data/crm", "page=-1"),
        ["page 0"] = ("/data/crm", "page=0"),
        ["page 20 digits"] = ("/data/crm", "page=99999999999999999999"),
        ["page_size 1e3"] = ("/data/crm", "page_size=1e3"),
        ["page hex"] = ("/data/crm", "page=0x10"),
        ["page spaces"] = ("/data/crm", "page=%20%20"),
        ["last page of max"] = ("/data/crm", "page=1000000&page_size=50&sort=name"),
        ["empty keys"] = ("/data/crm", "&=&"),
        ["only equals"] = ("/data/crm", "=&==&a==b"),
        ["only ampersands"] = ("/data/crm", "&&&&"),
        ["sort dash"] = ("/data/crm", "sort=-"),
        ["sort commas"] = ("/data/crm", "sort=,,,"),
        ["sort plus"] = ("/data/crm", "sort=%2B&sort=-%2B"),
        ["fields empty"] = ("/data/crm", "fields="),
        ["fields commas"] = ("/data/crm", "fields=,,"),
        ["operator alone"] = ("/data/crm", "__gt=1"),
        ["separator alone"] = ("/data/crm", "__=1&____=1"),
        ["empty operator"] = ("/data/crm", "status__=open"),
        ["double separator"] = ("/data/crm", "status____gt=1"),
        ["in empty"] = ("/data/crm", "status__in="),
        ["in commas"] = ("/data/crm", "status__in=,,,"),
        ["contains empty"] = ("/data/crm", "status__contains=&name__startswith="),
        ["isnull empty"] = ("/data/crm", "status__isnull="),
        ["not a date"] = ("/data/crm", "created_at__gt=notadate"),
        ["year zero"] = ("/data/crm", "created_at__gt=0000-01-01"),
        ["year one"] = ("/data/crm", "created_at__gt=0001-01-01&start_date=0001-01-01"),
        ["year 9999"] = ("/data/crm", "created_at__lt=9999-12-31&end_date=9999-12-31"),
        ["before year one after offset"] = ("/data/crm", "created_at__gt=0001-01-01T00:00:00%2B14:00"),
        ["start before year one"] = ("/data/support", "start_date=0001-01-01T00:00:00%2B01:00"),
        ["end after year 9999"] = ("/data/analytics", "end_date=9999-12-31T23:59:59-01:00"),
        ["equal after year 9999"] = ("/data/crm", "created_at=9999-12-31T23:59:59-14:00"),
        ["long fraction"] = ("/data/crm", "created_at__gt=2024-03-15T10:30:00." + new string('9', 500) + "Z"),
        ["reversed range"] = ("/data/crm", "start_date=9999-12-31&end_date=0001-01-01"),
        ["NaN"] = ("/data/analytics", "value__gt=NaN&value__lt=-Infinity"),
        ["huge double"] = ("/data/analytics", "value=1e400&value__gt=-1e308"),
        ["long min"] = ("/data/crm", "customer_id__gt=-9223372036854775808&customer_id__lt=9223372036854775807"),
        ["long overflow"] = ("/data/crm", "customer_id=9223372036854775808"),
        ["stream with everything"] = ("/data/crm", "stream=true&fields=name&sort=-name&page=999999&query=a"),
        ["stream NUL"] = ("/data/crm", "stream=%00"),
        ["aggregate NUL"] = ("/data/crm/aggregate", "group_by=%00&metrics=%00&limit=%00"),
        ["aggregate long"] = ("/data/crm/aggregate", "group_by=" + s_long + "&metrics=" + s_long),
        ["aggregate colons"] = ("/data/crm/aggregate", "metrics=:,::,sum:,:value"),
        ["aggregate emoji"] = ("/data/analytics/aggregate", $"metrics=avg:{s_emoji}&group_by={s_emoji}"),
        ["aggregate limit overflow"] = ("/data/crm/aggregate", "limit=99999999999999999999"),
        ["aggregate high cardinality"] = ("/data/crm/aggregate", "group_by=customer_id,name,email,created_at&limit=1000"),
        ["aggregate every metric"] = ("/data/crm/aggregate", "group_by=status&metrics=count,min:created_at,max:created_at,sum:customer_id,avg:customer_id"),
        ["aggregate 1000 group_by"] = ("/data/crm/aggregate", "group_by=" + string.Join(',', Enumerable.Repeat("status", 1_000))),
        ["aggregate 1000 metrics"] = ("/data/crm/aggregate", "metrics=" + string.Join(',', Enumerable.Repeat("count", 1_000))),
        ["aggregate extreme dates"] = ("/data/crm/aggregate", "group_by=status&start_date=0001-01-01T00:00:00%2B14:00"),
        ["aggregate stream"] = ("/data/crm/aggregate", "stream=true&page=1&page_size=1"),
        ["record NUL"] = ("/data/crm/%00", ""),
        ["record long"] = ("/data/crm/" + s_long, ""),
        ["record emoji"] = ("/data/crm/" + s_emoji, ""),
        ["record below long"] = ("/data/crm/-9223372036854775809", ""),
        ["record spaces"] = ("/data/support/%20%20", ""),
        ["record no id column"] = ("/data/analytics/%00", ""),
        ["record with query"] = ("/data/crm/1", "page=-1&fields=%00"),
        ["source NUL"] = ("/data/%00", ""),
        ["source invalid UTF-8"] = ("/data/%C3%28", ""),
        ["source emoji cut by truncation"] = ($"/data/{new string('a', 63)}{s_emoji}", ""),
        ["source long"] = ("/data/" + s_long, "page=1"),
        ["source traversal"] = ("/data/..%2F..%2Fetc%2Fpasswd", ""),
        ["source dot dot"] = ("/data/%2E%2E/aggregate", ""),
        ["describe NUL"] = ("/sources/%00", ""),
        ["describe long"] = ("/sources/" + s_long, ""),
        ["long unknown path"] = ("/" + new string('x', 100_000), ""),
        ["deep path"] = (string.Concat(Enumerable.Repeat("/a", 5_000)), ""),
        ["health with junk"] = ("/health/ready", "%ZZ=%00&" + s_long + "=1"),
        ["sources with junk"] = ("/sources", "page=-1&%00=%C3%28"),
        ["openapi with junk"] = ("/openapi.json", "%ZZ"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    /// <summary>
    /// The cases HttpClient can carry: it cannot send a URI past its length limit, and refuses a NUL in a path
    /// (as Kestrel does); the raw test covers those.
    /// </summary>
    public static TheoryData<string> HttpClientCases => [.. s_cases.Where(c => Url(c.Value).Length <= MaxUriLength && !c.Value.Path.Contains("%00", StringComparison.Ordinal)).Select(c => c.Key)];

    private static string Url((string Path, string Query) request) => request.Query.Length == 0 ? request.Path : $"{request.Path}?{request.Query}";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequest_Raw_Below500AndErrorsAreTheEnvelope(string label)
    {
        var (path, query) = s_cases[label];

        var response = await fixture.Server.SendRawAsync(path, query);

        AssertWellFormed(response);
    }

    [Theory]
    [MemberData(nameof(HttpClientCases))]
    public async Task HostileRequest_HttpClient_Below500AndErrorsAreTheEnvelope(string label)
    {
        var response = await fixture.Server.GetAsync(Url(s_cases[label]));

        AssertWellFormed(response);
    }

    [Fact]
    public async Task HostileRequest_AfterAllCases_ServerStillAnswers()
    {
        foreach (var (path, query) in s_cases.Values.Take(20))
        {
            await fixture.Server.SendRawAsync(path, query);
        }

        var response = await fixture.Server.GetOkAsync("/data/crm?page_size=1");

        Assert.Equal(50, response.Metadata.Int("total_results"));
    }

    /// <summary>
    /// A data file is input too: an instant whose offset puts it before year 1 (or after 9999) in UTC is accepted
    /// by the loader, so every response that shows or describes it must cope.
    /// </summary>
    [Theory]
    [InlineData("/data/edges?sort=at")]
    [InlineData("/data/edges/1")]
    [InlineData("/data/edges/aggregate?metrics=min:at,max:at")]
    [InlineData("/sources/edges")]
    public async Task HostileFile_InstantOutsideCalendar_Below500(string url)
    {
        using var folder = new TempDataDirectory();
        folder.Write("edges.json", """
            [
              {"edge_id": 1, "at": "0001-01-01T00:00:00+01:00"},
              {"edge_id": 2, "at": "9999-12-31T23:59:59-01:00"},
              {"edge_id": 3, "at": "2024-03-15T10:30:00Z"}
            ]
            """);
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetAsync(url);

        AssertWellFormed(response);
    }

    /// <summary>Finite values whose sum is not: 1e308 + 1.5e308 overflows a double to infinity, which JSON cannot carry.</summary>
    [Theory]
    [InlineData("/data/huge/aggregate?metrics=sum:v")]
    [InlineData("/data/huge/aggregate?metrics=avg:v&group_by=k")]
    public async Task HostileFile_SumPastDoubleMax_Below500(string url)
    {
        using var folder = new TempDataDirectory();
        folder.Write("huge.json", """[{"k": "a", "v": 1e308}, {"k": "a", "v": 1.5e308}]""");
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetAsync(url);

        AssertWellFormed(response);
    }

    private static void AssertWellFormed(ApiResponse response)
    {
        Assert.True((int)response.Status < 500, $"status {(int)response.Status}: {response.Preview}");
        if ((int)response.Status >= 400)
        {
            response.ExpectEnvelope();
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.Status);
        if (response.MediaType == "application/x-ndjson")
        {
            Api.NdjsonLines(response);
        }
        else
        {
            Assert.Equal(JsonValueKind.Object, response.Json.ValueKind);
        }
    }

    private static string Repeat(string parameter, int count) => string.Join('&', Enumerable.Repeat(parameter, count));
}
