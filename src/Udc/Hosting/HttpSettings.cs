namespace Udc.Hosting;

/// <summary>Server limits and cross-origin access.</summary>
/// <param name="CorsOrigins">Origins allowed to call UDC from a browser; empty (the default) turns CORS off.</param>
/// <param name="MaxConnections">Open connections at once; past it Kestrel refuses new ones.</param>
/// <param name="TrustedProxies">Addresses (or CIDR networks) whose X-Forwarded-For is believed.</param>
internal sealed record HttpSettings(IReadOnlyList<string> CorsOrigins, int MaxConnections, IReadOnlyList<string> TrustedProxies)
{
    /// <summary>Any request body beyond this is refused by Kestrel; routes that read a body set smaller caps.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>32 KiB of headers fits any real client (and an 8 KiB cookie) and bounds per-request memory.</summary>
    public const int MaxRequestHeadersTotalBytes = 32 * 1024;

    public const int MaxRequestHeaderCount = 64;

    /// <summary>8 KiB of request line fits the longest filter URL an LLM writes, with room to spare.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>
    /// Headers are at most 32 KiB, which any client sends at once; one still sending them after 5 s is a
    /// slowloris, not a slow network.
    /// </summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Longer than the 60 s idle timeout of common load balancers, which must close first.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(65);

    /// <summary>
    /// A connection that has not started a request 5 s after it opened is closed (Kestrel would wait the whole
    /// keep-alive timeout). Real clients send their request at once; a load balancer opens a connection to send one.
    /// </summary>
    public static readonly TimeSpan SilentConnectionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>While connections are short (<see cref="ConnectionPressureShare"/>), idle keep-alive connections go after 5 s.</summary>
    public static readonly TimeSpan IdleTimeoutUnderPressure = TimeSpan.FromSeconds(5);

    /// <summary>80% of <c>MAX_CONNECTIONS</c> open: the rest is kept free for callers that have a request to send.</summary>
    public const double ConnectionPressureShare = 0.8;

    /// <summary>Kestrel's default, set on purpose: a body slower than 240 bytes a second (after 5 s of grace) is cut.</summary>
    public const int MinRequestBodyBytesPerSecond = 240;

    public static HttpSettings Read(SettingsReader reader)
    {
        var proxies = List(reader.String("TRUSTED_PROXIES"));
        foreach (var proxy in proxies)
        {
            if (!(proxy.Contains('/', StringComparison.Ordinal) ? System.Net.IPNetwork.TryParse(proxy, out _) : System.Net.IPAddress.TryParse(proxy, out _)))
            {
                reader.Error($"TRUSTED_PROXIES: '{proxy}' is not an IP address or a CIDR network (10.0.0.0/8)");
            }
        }
        var origins = List(reader.String("CORS_ORIGINS"));
        foreach (var origin in origins)
        {
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"))
            {
                reader.Error($"CORS_ORIGINS: '{origin}' is not an origin such as https://app.example.com");
            }
        }
        return new HttpSettings(origins, reader.Int("MAX_CONNECTIONS", 10_000, 1, 1_000_000), proxies);
    }

    public static IReadOnlyList<string> List(string? text) =>
        text is null ? [] : text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
