namespace Udc.Fuzz;

/// <summary>Runs saved inputs through a target without the fuzzer: a corpus check, and how a crash is reproduced.</summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, IEnumerable<string> paths, TextWriter output)
    {
        var failures = 0;
        var count = 0;
        foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal))
        {
            count++;
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures++;
                output.WriteLine($"{file}: {e}");
            }
        }
        output.WriteLine($"{target.Name}: {count} inputs, {failures} crashed");
        return failures == 0 ? 0 : 1;
    }
}
