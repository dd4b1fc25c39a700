using System.Net;
using Udc.Hosting;

namespace Udc.Mcp.Http;

/// <summary>
/// Which <c>Host</c> and <c>Origin</c> values <c>/mcp</c> accepts: the defence against DNS rebinding, where a
/// web page on an attacker's domain resolves that domain to 127.0.0.1 and calls a local server from the browser.
/// </summary>
/// <param name="AllowedHosts">Host names accepted besides IP literals and localhost: those in the listen URLs and <c>UDC_ALLOWED_HOSTS</c>.</param>
/// <param name="AllowedOrigins">Origins accepted besides loopback and same-origin ones: <c>UDC_ALLOWED_ORIGINS</c>, as <c>https://app.example.com</c>.</param>
internal sealed record McpSecurityOptions(IReadOnlySet<string> AllowedHosts, IReadOnlySet<string> AllowedOrigins)
{
    public const string AllowedHostsVariable = "UDC_ALLOWED_HOSTS";
    public const string AllowedOriginsVariable = "UDC_ALLOWED_ORIGINS";

    public static McpSecurityOptions Read(SettingsReader reader, string urls)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Wildcard binds (http://*:80, http://+:80, http://0.0.0.0:80) name no host; clients then use IP literals or configured names.
            if (Uri.TryCreate(url.Replace("*", "wildcard", StringComparison.Ordinal).Replace("+", "wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Host != "wildcard")
            {
                hosts.Add(uri.Host);
            }
        }
        hosts.UnionWith(HttpSettings.List(reader.String(AllowedHostsVariable)));
        var origins = new HashSet<string>(HttpSettings.List(reader.String(AllowedOriginsVariable)).Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        return new McpSecurityOptions(hosts, origins);
    }

    /// <summary>
    /// An IP literal cannot be rebound (rebinding needs a name the attacker controls), and localhost always
    /// means this machine; any other name must be one UDC was told about.
    /// </summary>
    public bool IsAllowedHost(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out _) || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || AllowedHosts.Contains(host);

    /// <summary>
    /// No Origin header: not a browser, so not a rebinding page. Otherwise a page on this machine (loopback),
    /// a page on the very host and port the request came to, or a configured origin.
    /// </summary>
    public bool IsAllowedOrigin(string? origin, string scheme, string requestHost)
    {
        if (origin is null)
        {
            return true;
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        return uri.IsLoopback
            || string.Equals($"{uri.Scheme}://{uri.Authority}", $"{scheme}://{requestHost}", StringComparison.OrdinalIgnoreCase)
            || AllowedOrigins.Contains(origin.TrimEnd('/'));
    }
}
