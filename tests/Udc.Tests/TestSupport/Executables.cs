namespace Udc.Tests.TestSupport;

/// <summary>Programs the tests run from the machine (Debian packages), found as a shell would find them.</summary>
internal static class Executables
{
    /// <summary>
    /// The path of <paramref name="name"/> on <c>PATH</c>, then in <c>/usr/bin</c> and <c>/usr/sbin</c> (a test host may
    /// run with a short <c>PATH</c>); null when it is not installed.
    /// </summary>
    public static string? Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }
}
