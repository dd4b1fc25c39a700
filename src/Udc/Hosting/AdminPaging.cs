using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Udc.Engine.Query;

namespace Udc.Hosting;

/// <summary>
/// The paging of admin lists (<c>GET /webhooks/events</c>, <c>GET /jobs</c>): <c>page</c> and <c>page_size</c> read
/// the same way, and the same <c>metadata</c> block as <c>/data</c> pages.
/// </summary>
internal static class AdminPaging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Reads <c>page</c> and <c>page_size</c>, and refuses any parameter not in <paramref name="filters"/>.</summary>
    public static (int Page, int PageSize) Read(IQueryCollection query, IReadOnlyList<string> filters, List<ValidationIssue> issues)
    {
        foreach (var name in query.Keys)
        {
            if (name is not ("page" or "page_size") && !filters.Contains(name))
            {
                issues.Add(ValidationIssue.Query(name, $"unknown parameter; valid: page, page_size, {string.Join(", ", filters)}"));
            }
        }
        return (IntParameter(query, "page", 1, 1, 1_000_000, issues), IntParameter(query, "page_size", DefaultPageSize, 1, MaxPageSize, issues));
    }

    /// <summary>A parameter given once and not empty; null otherwise.</summary>
    public static string? Single(StringValues values) => values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public static void WriteMetadata(Utf8JsonWriter writer, long total, int returned, int page, int pageSize)
    {
        var totalPages = (total + pageSize - 1) / pageSize;
        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, total);
        writer.WriteNumber("returned_results"u8, returned);
        writer.WriteNumber("page"u8, page);
        writer.WriteNumber("page_size"u8, pageSize);
        writer.WriteNumber("total_pages"u8, totalPages);
        writer.WriteBoolean("has_next"u8, page < totalPages);
        writer.WriteEndObject();
    }

    private static int IntParameter(IQueryCollection query, string name, int fallback, int min, int max, List<ValidationIssue> issues)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return fallback;
        }
        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        issues.Add(ValidationIssue.Query(name, $"must be a whole number from {min} to {max}"));
        return fallback;
    }
}
