using Udc.Engine.Generation;

namespace Udc.Benchmarks;

/// <summary>
/// The seeded demo data set, written once per size under <c>/tmp/udc-bench</c> and reused by every benchmark
/// process: BenchmarkDotNet runs each case in its own process, and a million tickets take seconds to write.
/// </summary>
internal static class DemoDataCache
{
    public const ulong Seed = 42;

    // One customer per ten tickets, as in a help desk where most customers write more than once; it also keeps
    // customers.json (loaded by the catalog beside the tickets) a tenth of the tickets' size.
    private const int TicketsPerCustomer = 10;

    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "udc-bench");

    /// <summary>The folder holding the three demo files for <paramref name="tickets"/> tickets, written if absent.</summary>
    public static string Folder(int tickets)
    {
        var folder = Path.Combine(s_root, $"tickets-{tickets}-seed{Seed}");
        if (IsComplete(folder))
        {
            return folder;
        }

        // Written beside the target and renamed into place, so an interrupted run never leaves a folder that
        // looks complete; a folder from a run that died half-way is replaced.
        var partial = $"{folder}.partial-{Environment.ProcessId}";
        DemoDataGenerator.Write(partial, new DemoDataOptions
        {
            Customers = Math.Max(1, tickets / TicketsPerCustomer),
            Tickets = tickets,
            Days = 30,
            Seed = Seed,
        });
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.Move(partial, folder);
        return folder;
    }

    public static string TicketsFile(int tickets) => Path.Combine(Folder(tickets), DemoDataGenerator.TicketsFileName);

    private static bool IsComplete(string folder) =>
        File.Exists(Path.Combine(folder, DemoDataGenerator.CustomersFileName))
        && File.Exists(Path.Combine(folder, DemoDataGenerator.TicketsFileName))
        && File.Exists(Path.Combine(folder, DemoDataGenerator.AnalyticsFileName));
}
