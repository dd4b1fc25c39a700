using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Udc.Engine.Generation;

namespace Udc.Tests.Engine.Generation;

public sealed partial class DemoDataGeneratorTests : IDisposable
{
    private static readonly string[] s_fileNames =
    [
        DemoDataGenerator.CustomersFileName,
        DemoDataGenerator.TicketsFileName,
        DemoDataGenerator.AnalyticsFileName,
    ];

    private static readonly string[] s_metrics =
        ["daily_active_users", "session_duration", "error_rate", "page_views", "conversion_rate"];

    private static readonly DateTime s_firstCreatedAt = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_lastCreatedAt = new(2024, 3, 31, 23, 59, 59, DateTimeKind.Utc);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("udc-generation-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Write_SameSeedTwice_ByteIdenticalFiles()
    {
        var first = WriteTo("a", new DemoDataOptions());
        var second = WriteTo("b", new DemoDataOptions());

        foreach (var name in s_fileNames)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        }
    }

    [Fact]
    public void Write_DifferentSeed_EveryFileDiffers()
    {
        var first = WriteTo("a", new DemoDataOptions { Seed = 42 });
        var second = WriteTo("b", new DemoDataOptions { Seed = 43 });

        foreach (var name in s_fileNames)
        {
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        }
    }

    [Fact]
    public void Write_MoreCustomers_AnalyticsUnchanged()
    {
        var first = WriteTo("a", new DemoDataOptions());
        var second = WriteTo("b", new DemoDataOptions { Customers = 500, Tickets = 7 });

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(first, DemoDataGenerator.AnalyticsFileName)),
            File.ReadAllBytes(Path.Combine(second, DemoDataGenerator.AnalyticsFileName)));
    }

    [Fact]
    public void Write_DefaultOptions_FirstRecordsArePinned()
    {
        // Pinned so that a change of runtime, PRNG or pools that alters the demo data is seen, not silent.
        var dir = WriteTo("d", new DemoDataOptions());

        using var customers = Parse(dir, DemoDataGenerator.CustomersFileName);
        using var tickets = Parse(dir, DemoDataGenerator.TicketsFileName);
        using var analytics = Parse(dir, DemoDataGenerator.AnalyticsFileName);
        var customer = customers.RootElement[0];
        var ticket = tickets.RootElement[0];

        Assert.Equal("Lucas Smith", customer.GetProperty("name").GetString());
        Assert.Equal("lucas.smith1@example.com", customer.GetProperty("email").GetString());
        Assert.Equal("churned", customer.GetProperty("status").GetString());
        Assert.Equal("2024-03-14T19:51:17Z", customer.GetProperty("created_at").GetString());
        Assert.Equal(10, ticket.GetProperty("customer_id").GetInt32());
        Assert.Equal("Build 7393 failed to deploy", ticket.GetProperty("subject").GetString());
        Assert.Equal("closed", ticket.GetProperty("status").GetString());
        Assert.Equal("low", ticket.GetProperty("priority").GetString());
        Assert.Equal("2024-02-15T15:45:22Z", ticket.GetProperty("created_at").GetString());
        Assert.Equal(
            ["2112", "260.3", "0.0201", "21870", "0.033"],
            analytics.RootElement.EnumerateArray().Take(5).Select(r => r.GetProperty("value").GetRawText()));
    }

    [Fact]
    public void Write_DefaultOptions_CustomersHaveIdsOneToFiftyAndValidFields()
    {
        var dir = WriteTo("d", new DemoDataOptions());

        using var document = Parse(dir, DemoDataGenerator.CustomersFileName);
        var customers = document.RootElement.EnumerateArray().ToArray();

        Assert.Equal(50, customers.Length);
        for (var i = 0; i < customers.Length; i++)
        {
            var customer = customers[i];
            var id = customer.GetProperty("customer_id").GetInt32();
            Assert.Equal(i + 1, id);
            Assert.False(string.IsNullOrWhiteSpace(customer.GetProperty("name").GetString()));
            Assert.Matches($@"^[a-z]+\.[a-z]+{id}@example\.com$", customer.GetProperty("email").GetString());
            Assert.Contains(customer.GetProperty("status").GetString(), (string[])["active", "inactive", "churned"]);
            AssertCreatedAtInRange(customer);
        }
    }

    [Fact]
    public void Write_DefaultOptions_TicketsHaveIdsFrom101AndValidFields()
    {
        var dir = WriteTo("d", new DemoDataOptions());

        using var document = Parse(dir, DemoDataGenerator.TicketsFileName);
        var tickets = document.RootElement.EnumerateArray().ToArray();

        Assert.Equal(50, tickets.Length);
        Assert.Contains(tickets, t => t.GetProperty("ticket_id").GetInt32() == 123);
        for (var i = 0; i < tickets.Length; i++)
        {
            var ticket = tickets[i];
            Assert.Equal(101 + i, ticket.GetProperty("ticket_id").GetInt32());
            Assert.InRange(ticket.GetProperty("customer_id").GetInt32(), 1, 50);
            Assert.False(string.IsNullOrWhiteSpace(ticket.GetProperty("subject").GetString()));
            Assert.Contains(ticket.GetProperty("status").GetString(), (string[])["open", "pending", "closed"]);
            Assert.Contains(ticket.GetProperty("priority").GetString(), (string[])["low", "medium", "high"]);
            AssertCreatedAtInRange(ticket);
        }
    }

    [Fact]
    public void Write_FewCustomers_TicketsReferenceOnlyThem()
    {
        var dir = WriteTo("d", new DemoDataOptions { Customers = 3, Tickets = 500 });

        using var document = Parse(dir, DemoDataGenerator.TicketsFileName);
        var customerIds = document.RootElement.EnumerateArray().Select(t => t.GetProperty("customer_id").GetInt32()).ToHashSet();

        Assert.Equal([1, 2, 3], customerIds.Order());
    }

    [Fact]
    public void Write_DefaultOptions_AnalyticsHasFiveMetricsPerDayEndingMarch31()
    {
        var dir = WriteTo("d", new DemoDataOptions());

        using var document = Parse(dir, DemoDataGenerator.AnalyticsFileName);
        var rows = document.RootElement.EnumerateArray().ToArray();

        Assert.Equal(30 * 5, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var expectedDate = new DateOnly(2024, 3, 2).AddDays(i / 5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(s_metrics[i % 5], rows[i].GetProperty("metric").GetString());
            Assert.Equal(expectedDate, rows[i].GetProperty("date").GetString());
        }

        Assert.Single(rows, r => r.GetProperty("metric").GetString() == "daily_active_users"
            && r.GetProperty("date").GetString() == "2024-03-15");
    }

    [Fact]
    public void Write_LongWindow_AnalyticsValuesInPlausibleRanges()
    {
        var dir = WriteTo("d", new DemoDataOptions { Days = 365 });

        using var document = Parse(dir, DemoDataGenerator.AnalyticsFileName);
        var byMetric = document.RootElement.EnumerateArray().ToLookup(r => r.GetProperty("metric").GetString()!, r => r.GetProperty("value"));

        Assert.All(byMetric["daily_active_users"], v => Assert.InRange(v.GetInt32(), 1_000, 5_000));
        Assert.All(byMetric["page_views"], v => Assert.InRange(v.GetInt32(), 10_000, 60_000));
        Assert.All(byMetric["session_duration"], v => AssertDecimals(v, 1, 200, 400));
        Assert.All(byMetric["error_rate"], v => AssertDecimals(v, 4, 0.001, 0.05));
        Assert.All(byMetric["conversion_rate"], v => AssertDecimals(v, 4, 0.01, 0.08));

        // The trend rises: the last month has more users than the first.
        var users = byMetric["daily_active_users"].Select(v => v.GetInt32()).ToArray();
        Assert.True(users[^30..].Average() > users[..30].Average() * 1.2);
    }

    [Fact]
    public void Write_OneDay_OnlyMarch31()
    {
        var dir = WriteTo("d", new DemoDataOptions { Days = 1 });

        using var document = Parse(dir, DemoDataGenerator.AnalyticsFileName);

        Assert.Equal(5, document.RootElement.GetArrayLength());
        Assert.All(document.RootElement.EnumerateArray(), r => Assert.Equal("2024-03-31", r.GetProperty("date").GetString()));
    }

    [Fact]
    public void Write_ManyCustomers_NonAsciiNamesWrittenAsUtf8()
    {
        var dir = WriteTo("d", new DemoDataOptions { Customers = 1_000 });

        var text = File.ReadAllText(Path.Combine(dir, DemoDataGenerator.CustomersFileName), Encoding.UTF8);

        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        Assert.Contains("José", text, StringComparison.Ordinal);
        Assert.Contains("Müller", text, StringComparison.Ordinal);
        Assert.Matches(@"""email"": ""jose\.[a-z]+\d+@example\.com""", text);
    }

    [Fact]
    public void Write_ManyRecords_WeightsNearTargets()
    {
        const int Count = 20_000;
        var dir = WriteTo("d", new DemoDataOptions { Customers = Count, Tickets = Count });

        using var customers = Parse(dir, DemoDataGenerator.CustomersFileName);
        using var tickets = Parse(dir, DemoDataGenerator.TicketsFileName);
        var customerStatus = Shares(customers, "status");
        var ticketStatus = Shares(tickets, "status");
        var priority = Shares(tickets, "priority");
        var fixedSubjects = tickets.RootElement.EnumerateArray()
            .Count(t => DemoVocabulary.FixedSubjects.Contains(t.GetProperty("subject").GetString())) / (double)Count;

        Assert.Equal(0.65, customerStatus["active"], 0.02);
        Assert.Equal(0.20, customerStatus["inactive"], 0.02);
        Assert.Equal(0.15, customerStatus["churned"], 0.02);
        Assert.Equal(0.40, ticketStatus["open"], 0.02);
        Assert.Equal(0.20, ticketStatus["pending"], 0.02);
        Assert.Equal(0.40, ticketStatus["closed"], 0.02);
        Assert.Equal(0.30, priority["high"], 0.02);
        Assert.Equal(0.45, priority["medium"], 0.02);
        Assert.Equal(0.25, priority["low"], 0.02);
        Assert.Equal(0.50, fixedSubjects, 0.02);
    }

    [Fact]
    public void Write_ExistingFiles_ReplacedWithoutLeftovers()
    {
        var dir = Path.Combine(_root.FullName, "d");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, DemoDataGenerator.CustomersFileName), "stale, and longer than the new file will be" + new string('x', 100_000));

        DemoDataGenerator.Write(dir, new DemoDataOptions { Customers = 1 });

        Assert.Equal(s_fileNames.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        using var document = Parse(dir, DemoDataGenerator.CustomersFileName);
        Assert.Equal(1, document.RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(DemoDataOptions.MaxRecords + 1, 1, 1)]
    [InlineData(1, 1, DemoDataOptions.MaxDays + 1)]
    public void Write_CountOutOfRange_ThrowsAndWritesNothing(int customers, int tickets, int days)
    {
        var dir = Path.Combine(_root.FullName, "d");

        Assert.Throws<ArgumentOutOfRangeException>(
            () => DemoDataGenerator.Write(dir, new DemoDataOptions { Customers = customers, Tickets = tickets, Days = days }));
        Assert.False(Directory.Exists(dir));
    }

    private string WriteTo(string name, DemoDataOptions options)
    {
        var dir = Path.Combine(_root.FullName, name);
        DemoDataGenerator.Write(dir, options);
        return dir;
    }

    private static JsonDocument Parse(string dir, string fileName) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, fileName)));

    private static Dictionary<string, double> Shares(JsonDocument document, string property) =>
        document.RootElement.EnumerateArray()
            .GroupBy(r => r.GetProperty(property).GetString()!)
            .ToDictionary(g => g.Key, g => g.Count() / (double)document.RootElement.GetArrayLength());

    private static void AssertCreatedAtInRange(JsonElement record)
    {
        var text = record.GetProperty("created_at").GetString();
        Assert.Matches(CreatedAtPattern(), text);
        var createdAt = DateTime.ParseExact(text!, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.InRange(createdAt, s_firstCreatedAt, s_lastCreatedAt);
    }

    private static void AssertDecimals(JsonElement value, int decimals, double min, double max)
    {
        var number = value.GetDouble();
        Assert.InRange(number, min, max);
        var raw = value.GetRawText();
        var point = raw.IndexOf('.', StringComparison.Ordinal);
        Assert.True(point < 0 || raw.Length - point - 1 <= decimals, $"{raw} has more than {decimals} decimals.");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex CreatedAtPattern();
}
