using System.Reflection;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Hosting;

/// <summary>
/// Every logger a class of UDC's takes is named in <c>StartupTypes.rd.xml</c>, so the published binary has it
/// compiled instead of building it while the server starts.
/// </summary>
public sealed class StartupTypesTests
{
    [Fact]
    public void LoggersTakenByConstructors_AllNamedForAheadOfTimeCompilation()
    {
        var named = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "Udc", "Hosting", "StartupTypes.rd.xml"))
            .Descendants().Where(e => e.Name.LocalName == "Type")
            .Select(e => (string?)e.Attribute("Name"))
            .ToHashSet();

        var taken = typeof(Udc.Hosting.UdcApp).Assembly.GetTypes()
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            .SelectMany(c => c.GetParameters())
            .Select(p => p.ParameterType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ILogger<>))
            .Select(t => t.GenericTypeArguments[0].FullName)
            .Distinct()
            .ToList();

        Assert.Contains("Udc.Hosting.CatalogLifetime", taken);
        var missing = taken.Where(t => !named.Contains($"Microsoft.Extensions.Logging.Logger`1[[{t},udc]]")).Order().ToList();
        Assert.True(missing.Count == 0, "add to src/Udc/Hosting/StartupTypes.rd.xml: " + string.Join(", ", missing));
    }
}
