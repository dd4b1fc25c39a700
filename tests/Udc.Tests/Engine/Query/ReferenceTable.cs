using System.Globalization;
using System.Text.Json;

namespace Udc.Tests.Engine.Query;

/// <summary>
/// The same data file read the plain way, with <see cref="JsonDocument"/>, so every query can be checked against a
/// straightforward LINQ expression over the records.
/// </summary>
internal sealed class ReferenceTable
{
    private readonly JsonElement[] _records;

    public ReferenceTable(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        _records = [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public int Count => _records.Length;

    /// <summary>Every record, as row indices in file order.</summary>
    public IEnumerable<int> Rows => Enumerable.Range(0, Count);

    public long? Int(int row, string name) => Get(row, name)?.GetInt64();

    public double? Num(int row, string name) => Get(row, name)?.GetDouble();

    public bool? Bool(int row, string name) => Get(row, name)?.GetBoolean();

    public string? Str(int row, string name) => Get(row, name)?.GetString();

    public DateTimeOffset? Time(int row, string name) =>
        Get(row, name) is { } value ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    /// <summary>Case-insensitive substring test, the way a person means "contains".</summary>
    public bool Contains(int row, string name, string needle) =>
        Str(row, name) is { } text && text.Contains(needle, StringComparison.OrdinalIgnoreCase);

    public bool EqualsIgnoreCase(int row, string name, string value) =>
        Str(row, name) is { } text && string.Equals(text.ToLowerInvariant(), value.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>
    /// Orders rows by the keys, nulls last in both directions, ties by file position; strings compare ordinally.
    /// </summary>
    public static int[] Sort(IEnumerable<int> rows, params (Func<int, object?> Key, bool Descending)[] keys)
    {
        var list = rows.ToList();
        list.Sort((x, y) =>
        {
            foreach (var (key, descending) in keys)
            {
                var (a, b) = (key(x), key(y));
                if (a is null || b is null)
                {
                    if (a is null && b is null)
                    {
                        continue;
                    }
                    return a is null ? 1 : -1;
                }
                var order = a is string sa ? string.CompareOrdinal(sa, (string)b) : ((IComparable)a).CompareTo(b);
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }
            return x.CompareTo(y);
        });
        return [.. list];
    }

    /// <summary>The first and last instant of a UTC day written as <c>yyyy-MM-dd</c>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Day(string date)
    {
        var start = DateTimeOffset.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (start, start.AddDays(1).AddMilliseconds(-1));
    }

    private JsonElement? Get(int row, string name) =>
        _records[row].TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
