using Udc.Engine.Generation;

namespace Udc.Cli;

/// <summary>The <c>generate</c> verb: writes the demo data set and says what it wrote.</summary>
internal static class GenerateCommand
{
    public static int Run(GenerateOptions options, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);

        var data = options.Data;
        DemoDataGenerator.Write(options.OutDir, data);
        stdout.WriteLine(
            $"udc: wrote {data.Customers} customers, {data.Tickets} support tickets and {data.Days * DemoDataGenerator.MetricsPerDay} analytics rows ({data.Days} days) to {options.OutDir} (seed {data.Seed}).");
        return 0;
    }
}
