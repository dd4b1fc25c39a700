using System.Globalization;
using System.Text.Json;

namespace Udc.Tests.Features.Assistant.FastPath;

/// <summary>
/// The demo data read straight from its JSON files, without the engine, so expected answers are computed
/// independently of the code under test.
/// </summary>
internal sealed class DemoRows
{
    private readonly Dictionary<string, List<JsonElement>> _sources = [];

    public DemoRows(string dataDirectory)
    {
        foreach (var (source, file) in new[] { ("crm", "customers.json"), ("support", "support_tickets.json"), ("analytics", "analytics.json") })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, file)));
            _sources[source] = [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
        }
    }

    /// <summary>Rows of a source whose fields equal the given values (case-insensitively, as the API matches).</summary>
    public int Count(string source, params (string Field, string Value)[] filters) => Rows(source, filters).Count();

    /// <summary>Rows of a source whose fields equal the given values, in file order.</summary>
    public IEnumerable<JsonElement> Rows(string source, params (string Field, string Value)[] filters) =>
        _sources[source].Where(row => filters.All(f => string.Equals(Text(row.GetProperty(f.Field)), f.Value, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The UTC day of a row's time field (<c>created_at</c> or <c>date</c>).</summary>
    public static DateOnly Day(JsonElement row, string field) =>
        DateOnly.FromDateTime(DateTime.Parse(row.GetProperty(field).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    public string Field(string source, string idField, long id, string field) =>
        Text(_sources[source].Single(r => r.GetProperty(idField).GetInt64() == id).GetProperty(field));

    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>"2,985" as the answer speaks a measure.</summary>
    public string Measure(string metric, string date)
    {
        var row = _sources["analytics"].Single(r => r.GetProperty("metric").GetString() == metric && r.GetProperty("date").GetString() == date);
        return row.GetProperty("value").GetDouble().ToString("#,0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>The answer's first sentence for a count: "There are 30 active customers."</summary>
    public static string CountSentence(int count, string singular, string plural) => count switch
    {
        0 => $"There are no {plural}.",
        1 => $"There is 1 {singular}.",
        _ => $"There are {count.ToString("#,0", CultureInfo.InvariantCulture)} {plural}.",
    };
}
