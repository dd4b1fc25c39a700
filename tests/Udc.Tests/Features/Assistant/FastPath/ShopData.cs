using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Udc.Tests.Features.Assistant.FastPath;

internal sealed record Order(long OrderId, string CustomerName, string? Region, string Status, double Total, long Quantity, DateTime OrderedAt, bool Gift);

internal sealed record Invoice(long InvoiceId, string Client, string Region, double Amount, string Currency, bool Paid, DateOnly IssuedOn);

internal sealed record Reading(DateOnly RecordedOn, string Sensor, double Temperature, double Humidity);

/// <summary>
/// Data of another shape than the demo's, generated here with a fixed seed and written as the three formats UDC
/// reads: orders (JSON; a name column, a region with gaps, a status, a decimal total, a whole quantity, a time, a
/// boolean), invoices (NDJSON; a paid boolean, a currency, a date), and sensor readings (CSV; a time series with
/// two measures and no id). The rows are kept so every expected answer is computed from them, not from UDC.
/// </summary>
internal sealed class ShopData
{
    /// <summary>The clock the server runs on: Monday, November 23, 2026, noon UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static readonly string[] s_customers =
    [
        "Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Frances Allen",
        "Ken Thompson", "Margaret Hamilton", "Dennis Ritchie", "Radia Perlman", "John Backus", "Katherine Johnson", "Tim Berners Lee",
    ];

    private static readonly string[] s_regions = ["north", "south", "east", "west", "central"];
    private static readonly string[] s_statuses = ["pending", "shipped", "delivered", "returned", "cancelled"];
    private static readonly string[] s_clients = ["Acme Corp", "Globex", "Initech", "Umbrella", "Stark Industries", "Hooli"];
    private static readonly string[] s_currencies = ["EUR", "USD", "GBP"];
    private static readonly string[] s_sensors = ["boiler room", "cold store", "loading dock"];

    public ShopData(int seed = 20_261_123)
    {
        var random = new Random(seed);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = (long)(Now.UtcDateTime.AddHours(-1) - start).TotalSeconds;
        for (var i = 1; i <= 400; i++)
        {
            Orders.Add(new Order(
                i,
                s_customers[random.Next(s_customers.Length)],
                random.Next(20) == 0 ? null : s_regions[random.Next(s_regions.Length)],
                s_statuses[random.Next(s_statuses.Length)],
                Math.Round(5 + random.NextDouble() * 1995, 2),
                random.Next(1, 13),
                start.AddSeconds(random.NextInt64(span)),
                random.Next(5) == 0));
        }
        var firstIssue = new DateOnly(2025, 9, 1);
        for (var i = 0; i < 150; i++)
        {
            Invoices.Add(new Invoice(
                1001 + i,
                s_clients[random.Next(s_clients.Length)],
                s_regions[random.Next(4)],
                Math.Round(50 + random.NextDouble() * 4950, 2),
                s_currencies[random.Next(s_currencies.Length)],
                random.Next(3) != 0,
                firstIssue.AddDays(random.Next(Today.DayNumber - firstIssue.DayNumber))));
        }
        for (var day = new DateOnly(2026, 8, 1); day < Today; day = day.AddDays(1))
        {
            foreach (var sensor in s_sensors)
            {
                var baseline = sensor switch { "boiler room" => 24.0, "cold store" => 3.0, _ => 12.0 };
                Readings.Add(new Reading(day, sensor, Math.Round(baseline + random.NextDouble() * 6 - 3, 1), Math.Round(30 + random.NextDouble() * 50, 1)));
            }
        }
    }

    public List<Order> Orders { get; } = [];

    public List<Invoice> Invoices { get; } = [];

    public List<Reading> Readings { get; } = [];

    public void Write(string directory)
    {
        using (var stream = File.Create(Path.Combine(directory, "orders.json")))
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var o in Orders)
            {
                writer.WriteStartObject();
                writer.WriteNumber("order_id", o.OrderId);
                writer.WriteString("customer_name", o.CustomerName);
                if (o.Region is null)
                {
                    writer.WriteNull("region");
                }
                else
                {
                    writer.WriteString("region", o.Region);
                }
                writer.WriteString("status", o.Status);
                writer.WriteNumber("total", o.Total);
                writer.WriteNumber("quantity", o.Quantity);
                writer.WriteString("ordered_at", o.OrderedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                writer.WriteBoolean("gift", o.Gift);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        var invoices = new StringBuilder();
        foreach (var i in Invoices)
        {
            invoices.Append(CultureInfo.InvariantCulture, $$"""{"invoice_id":{{i.InvoiceId}},"client":"{{i.Client}}","region":"{{i.Region}}","amount":{{i.Amount.ToString(CultureInfo.InvariantCulture)}},"currency":"{{i.Currency}}","paid":{{(i.Paid ? "true" : "false")}},"issued_on":"{{i.IssuedOn:yyyy-MM-dd}}"}""").Append('\n');
        }
        File.WriteAllText(Path.Combine(directory, "invoices.ndjson"), invoices.ToString());
        var readings = new StringBuilder("recorded_on,sensor,temperature,humidity\n");
        foreach (var r in Readings)
        {
            readings.Append(CultureInfo.InvariantCulture, $"{r.RecordedOn:yyyy-MM-dd},{r.Sensor},{r.Temperature.ToString(CultureInfo.InvariantCulture)},{r.Humidity.ToString(CultureInfo.InvariantCulture)}\n");
        }
        File.WriteAllText(Path.Combine(directory, "sensor_readings.csv"), readings.ToString());
    }
}
