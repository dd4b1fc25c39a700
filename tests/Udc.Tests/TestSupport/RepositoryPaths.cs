namespace Udc.Tests.TestSupport;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds Udc.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Udc.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"Udc.sln not found above {AppContext.BaseDirectory}");
    }
}
