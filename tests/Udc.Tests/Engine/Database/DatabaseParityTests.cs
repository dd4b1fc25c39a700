using System.Net;
using System.Text;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// The same rows in a data file, a PostgreSQL table and a SQLite file give byte-for-byte the same answers on every
/// surface that reads rows (pages, streams, records, aggregates, exports, SQL), and only <c>/sources</c> says which
/// kind a source is. Hostile values and names in every parameter stay values and names: nothing reaches SQL as text.
/// </summary>
public sealed class DatabaseParityTests(DemoServerFixture files, PostgresDemoServerFixture postgres, SqliteDemoServerFixture sqlite)
    : IClassFixture<DemoServerFixture>, IClassFixture<PostgresDemoServerFixture>, IClassFixture<SqliteDemoServerFixture>
{
    public static TheoryData<string> Urls =>
    [
        "/data/support?status=open&sort=-priority,ticket_id&page=2&page_size=5",
        "/data/support?subject__contains=LOGIN&fields=ticket_id,subject",
        "/data/support?subject__startswith=build&priority__ne=low",
        "/data/support?created_at__gte=2024-03-01&created_at__lte=2024-03-10&sort=created_at",
        "/data/support?start_date=2024-02-01&end_date=2024-02-29&page_size=50",
        "/data/support?ticket_id=101,102,150&customer_id__gt=5",
        "/data/support?stream=true&status=closed",
        "/data/support/105",
        "/data/support/105?fields=subject,status",
        "/data/support/99999",
        "/data/crm?query=fischer",
        "/data/crm?name__like=%25son%25&sort=name",
        "/data/crm?status__isnull=false&sort=-customer_id&page_size=7&page=3",
        "/data/analytics?metric=page_views&value__gt=30000&date__gte=2024-03-10",
        "/data/analytics?sort=-value&page_size=3",
        "/data/support/aggregate?group_by=status,priority",
        "/data/support/aggregate?group_by=created_at:week&metrics=count,min:customer_id,max:created_at",
        "/data/crm/aggregate?metrics=count,max:created_at&status=active",
        "/data/crm/aggregate?status=nobody",
        "/export/support?export_format=csv&status=open&sort=ticket_id",
        "/export/crm?export_format=ndjson&query=smith",
    ];

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task Get_SameRowsInEveryKind_SameBody(string url)
    {
        var expected = await files.Server.GetAsync(url);
        var fromPostgres = await postgres.Server.GetAsync(url);
        var fromSqlite = await sqlite.Server.GetAsync(url);

        Assert.True(expected.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, expected.Preview);
        Assert.Equal(expected.Status, fromPostgres.Status);
        Assert.Equal(expected.Body, fromPostgres.Body);
        Assert.Equal(expected.Status, fromSqlite.Status);
        Assert.Equal(expected.Body, fromSqlite.Body);
    }

    /// <summary>
    /// Without an id column a database has no record order, so groups of equal size come in key order rather than in
    /// order of first appearance: the groups and their values are the same.
    /// </summary>
    [Theory]
    [InlineData("/data/analytics/aggregate?group_by=metric&metrics=avg:value,sum:value,max:value")]
    [InlineData("/data/analytics/aggregate?group_by=date:month,metric&metrics=count")]
    public async Task Aggregate_NoIdColumnTiedGroups_SameGroupsInKeyOrder(string url)
    {
        static List<string> Groups(ApiResponse response) => [.. response.Data.EnumerateArray().Select(g => g.GetRawText()).Order(StringComparer.Ordinal)];
        var expected = await files.Server.GetOkAsync(url);
        var fromPostgres = await postgres.Server.GetOkAsync(url);
        var fromSqlite = await sqlite.Server.GetOkAsync(url);

        Assert.Equal(Groups(expected), Groups(fromPostgres));
        Assert.Equal(Groups(expected), Groups(fromSqlite));
        Assert.Equal(expected.Metadata.Int("total_groups"), fromPostgres.Metadata.Int("total_groups"));
        Assert.Equal(fromSqlite.Data.GetRawText(), fromPostgres.Data.GetRawText());
    }

    public static TheoryData<string> Walks =>
    [
        "/data/support?sort=-priority&page_size=4",
        "/data/crm?sort=status,-created_at&page_size=6",
        "/data/support?status__ne=closed&sort=subject&page_size=3",
        "/data/crm?page_size=7",
    ];

    /// <summary>
    /// A client walking pages in order gets every page after the first from a keyset (no OFFSET reaches PostgreSQL),
    /// and the pages are the file's, byte for byte: ties, nulls last and descending keys included.
    /// </summary>
    [Theory]
    [MemberData(nameof(Walks))]
    public async Task Get_PagesWalkedInOrder_SameBodiesAndNoOffsetPastThePageOne(string url)
    {
        var pages = (await files.Server.GetOkAsync(url + "&page=1")).Metadata.Int("total_pages");
        Assert.True(pages >= 3, $"{url} has {pages} pages; a walk needs several");
        var logged = postgres.Postgres.LogText().Length;

        for (var page = 1; page <= pages; page++)
        {
            var expected = await files.Server.GetOkAsync($"{url}&page={page}");
            var fromPostgres = await postgres.Server.GetAsync($"{url}&page={page}");
            var fromSqlite = await sqlite.Server.GetAsync($"{url}&page={page}");
            Assert.Equal(expected.Body, fromPostgres.Body);
            Assert.Equal(expected.Body, fromSqlite.Body);
        }

        var source = url["/data/".Length..url.IndexOf('?', StringComparison.Ordinal)];
        var statements = postgres.Postgres.LogText()[logged..].Split('\n')
            .Where(line => line.Contains($"FROM \"{source}\"", StringComparison.Ordinal) && line.Contains(" LIMIT $", StringComparison.Ordinal)).ToList();
        Assert.Equal(pages, statements.Count);
        Assert.Single(statements, line => line.Contains(" OFFSET $", StringComparison.Ordinal));
    }

    public static TheoryData<string> Questions =>
    [
        "how many open tickets",
        "tickets by status",
        "which status has the fewest tickets",
        "which priority has the most tickets",
        "customers by status",
        "what columns do tickets have",
        "show me the latest high priority tickets",
        "average daily active users from 2024-03-01 to 2024-03-31",
    ];

    /// <summary>The assistant's deterministic path answers from a database source exactly as from the file: same tool calls, same sentence.</summary>
    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Assistant_FastPathQuestion_SameAnswerAndToolCalls(string question)
    {
        var body = "{\"user_query\": \"" + question + "\", \"mode\": \"no_llm\"}";

        var expected = await PostAsync(files.Server, body, "/assistant/query");
        var fromPostgres = await PostAsync(postgres.Server, body, "/assistant/query");
        var fromSqlite = await PostAsync(sqlite.Server, body, "/assistant/query");

        Assert.Equal(HttpStatusCode.OK, expected.Status);
        Assert.Equal("fast_path", expected.Json.GetProperty("resolved_by").GetString());
        foreach (var database in new[] { fromPostgres, fromSqlite })
        {
            database.Expect(HttpStatusCode.OK);
            Assert.Equal(expected.Json.GetProperty("answer").GetString(), database.Json.GetProperty("answer").GetString());
            Assert.Equal(Calls(expected), Calls(database));
        }
    }

    private static List<string> Calls(ApiResponse response) =>
        [.. response.Json.GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("tool_name").GetString() + " " + c.GetProperty("arguments").GetRawText())];

    public static TheoryData<string> Statements =>
    [
        "SELECT status, count(*) AS n FROM support WHERE priority IN ('high', 'medium') GROUP BY status ORDER BY n DESC",
        "SELECT ticket_id, subject FROM support WHERE NOT (status = 'closed' OR subject LIKE '%build%') ORDER BY ticket_id LIMIT 5 OFFSET 3",
        "SELECT metric, avg(value) AS mean FROM analytics GROUP BY metric HAVING avg(value) > 100 ORDER BY mean",
    ];

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Query_SqlSubset_SameBody(string sql)
    {
        var body = "{\"sql\": \"" + sql.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}";

        var expected = await PostAsync(files.Server, body);
        var fromPostgres = await PostAsync(postgres.Server, body);
        var fromSqlite = await PostAsync(sqlite.Server, body);

        Assert.Equal(HttpStatusCode.OK, expected.Status);
        Assert.Equal(expected.Body, fromPostgres.Body);
        Assert.Equal(expected.Body, fromSqlite.Body);
    }

    [Fact]
    public async Task Sources_DatabaseSource_SaysItsKindAndEngineAndProfileMatchesTheFile()
    {
        var file = (await files.Server.GetOkAsync("/sources/support")).Data;
        var database = (await postgres.Server.GetOkAsync("/sources/support")).Data;
        var list = await sqlite.Server.GetOkAsync("/sources");

        Assert.Equal("file", file.Text("kind"));
        Assert.Equal("database", database.Text("kind"));
        Assert.Equal("postgresql", database.Text("engine"));
        Assert.Equal("support", database.Text("table"));
        Assert.All(list.Data.EnumerateArray(), s => Assert.Equal("sqlite", s.Text("engine")));
        Assert.Equal(file.GetProperty("columns").GetRawText(), database.GetProperty("columns").GetRawText());
        Assert.Equal(file.Int("row_count"), database.Int("row_count"));
        Assert.Equal(file.Text("id_column"), database.Text("id_column"));
    }

    public static TheoryData<string> HostileUrls =>
    [
        "/data/support?status=%27%3B%20DROP%20TABLE%20support%3B%20--",
        "/data/support?subject__contains=%27)%20OR%20(%271%27%3D%271",
        "/data/support?subject__like=%25%27%20OR%201%3D1%20--",
        "/data/support?query=%22%3B%20DELETE%20FROM%20support%3B%20--",
        "/data/support?status%22%3B%20DROP%20TABLE%20support%3B%20--=x",
        "/data/support?sort=status%3B%20DROP%20TABLE%20support",
        "/data/support?fields=ticket_id,%22subject%22%20FROM%20support%3B--",
        "/data/support/aggregate?group_by=status%22)%3B%20DROP%20TABLE%20support%3B--",
        "/data/support/aggregate?metrics=sum:ticket_id)%3B%20DROP%20TABLE%20support%3B--",
        "/data/support/1%20OR%201%3D1",
        "/data/support?created_at__gte=2024-01-01%27%3B%20DROP%20TABLE%20support%3B--",
    ];

    [Theory]
    [MemberData(nameof(HostileUrls))]
    public async Task Get_InjectionShapedValuesAndNames_SameAnswerAsFilesAndTheTableSurvives(string url)
    {
        var expected = await files.Server.GetAsync(url);
        var fromPostgres = await postgres.Server.GetAsync(url);
        var fromSqlite = await sqlite.Server.GetAsync(url);
        var afterwards = await postgres.Server.GetOkAsync("/data/support?page_size=1");

        Assert.True((int)expected.Status < 500, expected.Preview);
        Assert.Equal(expected.Status, fromPostgres.Status);
        Assert.Equal(expected.Body, fromPostgres.Body);
        Assert.Equal(expected.Status, fromSqlite.Status);
        Assert.Equal(expected.Body, fromSqlite.Body);
        Assert.Equal(50, afterwards.Metadata.Int("total_results"));
    }

    private static async Task<ApiResponse> PostAsync(UdcTestServer server, string json, string url = "/query")
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync(url, content, TestContext.Current.CancellationToken);
        return await ApiResponse.ReadAsync(response);
    }
}
