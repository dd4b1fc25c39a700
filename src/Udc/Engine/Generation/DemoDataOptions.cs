namespace Udc.Engine.Generation;

/// <summary>How much demo data to write, and the seed that makes it repeatable.</summary>
internal sealed record DemoDataOptions
{
    // Ten million tickets are about 1.6 GB of JSON; a larger number is more likely a typo than a demo.
    public const int MaxRecords = 10_000_000;

    // Ten years of history ending 2024-03-31 keeps every date well inside the calendar.
    public const int MaxDays = 3_650;

    public int Customers { get; init; } = 50;

    public int Tickets { get; init; } = 50;

    public int Days { get; init; } = 30;

    public ulong Seed { get; init; } = 42;
}
