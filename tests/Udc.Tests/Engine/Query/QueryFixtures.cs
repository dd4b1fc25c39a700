using System.Globalization;
using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Query;

/// <summary>
/// Demo data with 5,000 tickets: enough for many pages, and more than the 4,096 rows past which a page is found by
/// a full sort instead of a heap, so both paths are compared with the reference.
/// </summary>
public sealed class DemoDataFixture : IDisposable
{
    public const int Tickets = 5_000;

    private readonly TempDataDirectory _dir = new("udc-query-");

    public DemoDataFixture()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions { Tickets = Tickets, Customers = 200 });
        Catalog = new SourceCatalog(new CatalogOptions(_dir.Path), TimeProvider.System);
        Catalog.LoadAll();
        Support = Snapshot("support");
        Crm = Snapshot("crm");
        Analytics = Snapshot("analytics");
        TicketRows = new ReferenceTable(_dir.PathOf(DemoDataGenerator.TicketsFileName));
        CustomerRows = new ReferenceTable(_dir.PathOf(DemoDataGenerator.CustomersFileName));
    }

    internal SourceCatalog Catalog { get; }

    internal SourceSnapshot Support { get; }

    internal SourceSnapshot Crm { get; }

    internal SourceSnapshot Analytics { get; }

    internal ReferenceTable TicketRows { get; }

    internal ReferenceTable CustomerRows { get; }

    public void Dispose() => _dir.Dispose();

    private SourceSnapshot Snapshot(string name) =>
        Catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot
            ? snapshot
            : throw new InvalidOperationException($"source '{name}' did not load: {state?.LastFailure?.Message}");
}

/// <summary>
/// 600 records with a column of every type, each with explicit nulls, negative numbers, mixed case and non-ASCII
/// text, written from a fixed seed.
/// </summary>
public sealed class MixedDataFixture : IDisposable
{
    public const int Rows = 600;

    private static readonly string[] s_regions = ["north", "South", "EAST", "west", "Ünterland", "Île-de-France"];
    private static readonly string[] s_words = ["Alpha", "beta", "GAMMA", "délta", "Ωmega", "late, really", "東京"];

    private readonly TempDataDirectory _dir = new("udc-query-mixed-");

    public MixedDataFixture()
    {
        var path = _dir.Write("items.json", Generate());
        Catalog = new SourceCatalog(new CatalogOptions(_dir.Path), TimeProvider.System);
        Catalog.LoadAll();
        Items = Catalog.TryGet("items", out var state) && state.Snapshot is { } snapshot
            ? snapshot
            : throw new InvalidOperationException($"items did not load: {state?.LastFailure?.Message}");
        Reference = new ReferenceTable(path);
    }

    internal SourceCatalog Catalog { get; }

    internal SourceSnapshot Items { get; }

    internal ReferenceTable Reference { get; }

    public void Dispose() => _dir.Dispose();

    private static string Generate()
    {
        var random = new Random(20240315);
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var json = new StringBuilder("[\n");
        for (var i = 0; i < Rows; i++)
        {
            // Every value is written, as null when missing, so these tests see the query engine, not key padding.
            string Maybe(string value) => random.Next(8) == 0 ? "null" : value;
            var qty = Maybe(random.Next(-5, 40).ToString(CultureInfo.InvariantCulture));
            var price = Maybe((Math.Round(random.NextDouble() * 200 - 50, 2)).ToString("R", CultureInfo.InvariantCulture));
            var paid = Maybe(random.Next(2) == 0 ? "true" : "false");
            var region = Maybe($"\"{s_regions[random.Next(s_regions.Length)]}\"");
            var note = Maybe($"\"{s_words[random.Next(s_words.Length)]} note {random.Next(100_000)}\"");
            var due = Maybe($"\"{start.AddSeconds(random.Next(20 * 86_400)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\"");
            var day = Maybe($"\"{start.AddDays(random.Next(20)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"");
            json.Append(CultureInfo.InvariantCulture, $$"""  {"item_id": {{i + 1}}, "qty": {{qty}}, "price": {{price}}, "paid": {{paid}}, "region": {{region}}, "note": {{note}}, "due": {{due}}, "day": {{day}}}""");
            json.Append(i + 1 < Rows ? ",\n" : "\n");
        }
        return json.Append(']').ToString();
    }
}
