using System.Reflection;

namespace Udc.Hosting;

internal static class UdcVersion
{
    /// <summary>The informational version without the source revision suffix the SDK appends.</summary>
    public static string Current { get; } =
        (typeof(UdcVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
