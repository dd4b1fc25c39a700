using System.Globalization;
using System.Text;

namespace Udc.Tests.Engine.Loading;

/// <summary>
/// Seeded files that put everything a chunk cut could trip on all over the file: strings holding <c>}, {</c>,
/// line ends and quotes, escapes, characters of two to four UTF-8 bytes, columns whose type only a later part of
/// the file decides, columns that appear late, nested objects, arrays, duplicate keys and bare values.
/// </summary>
internal static class MessyRecords
{
    private static readonly string[] s_texts =
    [
        "plain", "}, {", "},\n{", "\"}, {\"id\": 1}", "x\\\"}, {\\\"", "José", "東京", "🎉 party", "tab\tand\nnewline",
        "\\u007d, \\u007b", "comma, \"quoted\"", "", " leading space", "a\r\nb", "{\"not\": \"nested\"}", "[1, 2]",
    ];

    private static readonly string[] s_statuses = ["open", "closed", "pending"];

    /// <summary>A top-level JSON array of <paramref name="count"/> messy records.</summary>
    public static byte[] JsonArray(int count, int seed)
    {
        var random = new Random(seed);
        var json = new StringBuilder("[\n");
        string[] separators = [",\n", ", ", "\n,\n", ",\r\n  ", ","];
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                json.Append(separators[random.Next(separators.Length)]);
            }
            // A bare value now and then: kept under a "value" column.
            json.Append(random.Next(200) == 0 ? (random.Next(2) == 0 ? "42" : "\"bare\"") : Record(random, i, count));
        }
        json.Append("\n]\n");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>One record per line, some lines blank and some ending in CRLF.</summary>
    public static byte[] JsonLines(int count, int seed)
    {
        var random = new Random(seed);
        var json = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            json.Append(Record(random, i, count).Replace("\n", " ", StringComparison.Ordinal));
            json.Append(random.Next(5) == 0 ? "\r\n" : "\n");
            if (random.Next(30) == 0)
            {
                json.Append('\n');
            }
        }
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>CSV with quoted line ends, escaped quotes, separators inside quotes and, late in the file, rows with an extra field.</summary>
    public static byte[] Csv(int count, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("id,text,amount,status,late,when\n");
        for (var i = 0; i < count; i++)
        {
            var text = s_texts[random.Next(s_texts.Length)];
            var quoted = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            csv.Append(i).Append(',')
                .Append(text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || random.Next(3) == 0 ? quoted : text).Append(',')
                .Append(Amount(random, i, count)).Append(',')
                .Append(Status(random, i, count)).Append(',')
                .Append(i > count * 7 / 10 ? "true" : "").Append(',')
                .Append(When(random, i, count));
            if (i > count * 9 / 10 && random.Next(10) == 0)
            {
                csv.Append(",extra");
            }
            csv.Append(random.Next(4) == 0 ? "\r\n" : "\n");
            if (random.Next(50) == 0)
            {
                csv.Append('\n');
            }
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Record(Random random, int i, int count)
    {
        var fields = new List<string>
        {
            $"\"id\": {i}",
            $"\"text\": \"{Escape(s_texts[random.Next(s_texts.Length)])}\"",
            $"\"amount\": {Amount(random, i, count)}",
            $"\"status\": \"{Status(random, i, count)}\"",
            $"\"when\": \"{When(random, i, count)}\"",
            // Unique-ish per row across the file but not within a chunk: too many values for a dictionary only once merged.
            $"\"code\": \"c{i % (count * 6 / 10)}\"",
        };
        if (i > count * 7 / 10)
        {
            fields.Add("\"late\": true");
        }
        if (i > count * 3 / 10)
        {
            // Absent at first, then a new value on every row: each chunk's dictionary fits, the merged one does not.
            fields.Add($"\"late_code\": \"l{i}\"");
        }
        if (random.Next(10) == 0)
        {
            fields.Add("\"flag\": " + (random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" }));
        }
        if (random.Next(25) == 0)
        {
            fields.Add("\"address\": {\"city\": \"Zürich\", \"geo\": {\"lat\": 47.37}}");
        }
        if (random.Next(25) == 0)
        {
            fields.Add("\"tags\": [1, \"x\", {\"k\": null}]");
        }
        if (random.Next(40) == 0)
        {
            fields.Add("\"dup\": 1, \"dup\": \"two\"");
        }
        if (random.Next(40) == 0)
        {
            fields.Add("\"k\\u0065y\": \"escaped name\"");
        }
        if (random.Next(30) == 0)
        {
            // Escapes as the file writes them: a brace, a comma and a brace, an é, a surrogate pair, a slash.
            fields.Add("\"raw\": \"\\u007d, \\u007b \\u00e9 \\ud83c\\udf89 \\/\"");
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fields)[1..]);
        return "{" + string.Join(random.Next(2) == 0 ? ", " : ",\n  ", fields) + "}";
    }

    /// <summary>Whole numbers in most of the file; decimals only near its end, so only the last chunks decide the type.</summary>
    private static string Amount(Random random, int i, int count) =>
        i > count * 95 / 100 && random.Next(20) == 0 ? (random.NextDouble() * 100).ToString("R", CultureInfo.InvariantCulture) : random.Next(-50, 1000).ToString(CultureInfo.InvariantCulture);

    /// <summary>Three statuses, and a fourth that first appears late, so chunks' dictionaries differ.</summary>
    private static string Status(Random random, int i, int count) => i > count * 8 / 10 && random.Next(7) == 0 ? "escalated" : s_statuses[random.Next(s_statuses.Length)];

    /// <summary>Bare dates, then one instant in the last tenth: the column stops being date-only only there.</summary>
    private static string When(Random random, int i, int count) =>
        i == count - count / 20 ? "2024-03-15T10:30:00Z" : new DateTime(2024, 1, 1).AddDays(random.Next(90)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
