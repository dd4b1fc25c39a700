using System.Globalization;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// The days a question is about, inclusive, either end open, with how an answer says it: "this year", "in March
/// 2026", "on March 15, 2024", "from March 10, 2024 to March 12, 2024", "since March 1, 2026".
/// </summary>
internal sealed record DatePeriod(DateOnly? Start, DateOnly? End, string Spoken)
{
    public string? StartDate => Start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string? EndDate => End?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>True when the whole period lies before <paramref name="today"/>, so an answer says "was".</summary>
    public bool IsPast(DateOnly today) => End is { } end && end < today;
}

/// <summary>
/// One calendar span a question names: a day, a month, a year, or a span relative to today ("last week").
/// <see cref="Name"/> is how it is said after "since" or "from"; <see cref="Alone"/> when it stands alone.
/// </summary>
internal readonly record struct DateSpan(DateOnly First, DateOnly Last, string Name, string Alone);
