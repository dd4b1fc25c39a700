using Udc.Fuzz;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Fuzz;

/// <summary>
/// Every seed of every fuzz target, and every input the fuzzer ever crashed a target with
/// (<c>tests/Udc.Fuzz/regressions/{target}</c>), run through the same target as under afl-fuzz: none may throw
/// anything but the parser's own refusal. A crash the fuzzer finds is kept by saving it there with its fix.
/// </summary>
public sealed class FuzzCorpusTests
{
    private static string Folder(string kind, string target) => Path.Combine(RepositoryPaths.Root, "tests", "Udc.Fuzz", kind, target);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All.Keys)
        {
            foreach (var kind in new[] { "corpus", "regressions" })
            {
                var folder = Folder(kind, target);
                if (Directory.Exists(folder))
                {
                    foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
                    {
                        data.Add(target, Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "tests", "Udc.Fuzz"), file));
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Target_SavedInput_RunsWithoutCrashing(string target, string input)
    {
        var run = FuzzTargets.All[target]();

        run.Run(File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Udc.Fuzz", input)));
    }

    [Fact]
    public void Targets_EachHasSeeds()
    {
        Assert.All(FuzzTargets.All.Keys, target => Assert.NotEmpty(Directory.EnumerateFiles(Folder("corpus", target))));
    }
}
