using System.Net;

namespace Udc.Hosting;

/// <summary>
/// Refuses to expose unauthenticated data: with <c>AUTH_ENABLED</c> off, UDC listens only on loopback unless
/// <c>--insecure</c> says the operator means it.
/// </summary>
internal static class ListenAddressCheck
{
    /// <returns>Null when fine, else the reason UDC will not start.</returns>
    public static string? Check(string urls, bool authEnabled, bool insecure)
    {
        if (authEnabled || insecure)
        {
            return null;
        }
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                return $"refusing to listen on '{url}' with authentication off: anyone who can reach it could read every source. " +
                    "Set AUTH_ENABLED=true and ADMIN_API_KEY to require keys, listen on 127.0.0.1, or pass --insecure if this network is trusted.";
            }
        }
        return null;
    }

    private static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var host = rest.StartsWith('[') ? rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // "*", "+", "0.0.0.0", "::" and host names all mean reachable from elsewhere.
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
