using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Udc.Hosting;

/// <summary>Kestrel's limits, each set on purpose (see <see cref="HttpSettings"/> for the numbers and why).</summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerOptions kestrel, HttpSettings http)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = HttpSettings.MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = HttpSettings.MaxRequestHeadersTotalBytes;
        limits.MaxRequestHeaderCount = HttpSettings.MaxRequestHeaderCount;
        limits.MaxRequestLineSize = HttpSettings.MaxRequestLineBytes;
        limits.MaxConcurrentConnections = http.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = http.MaxConnections;
        limits.RequestHeadersTimeout = HttpSettings.RequestHeadersTimeout;
        limits.KeepAliveTimeout = HttpSettings.KeepAliveTimeout;
        // Kestrel's defaults, set on purpose: a body or a response read slower than 240 bytes a second (after 5 s
        // of grace) ends the request, so a slow sender or reader cannot hold a connection for long either.
        limits.MinRequestBodyDataRate = new MinDataRate(HttpSettings.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(HttpSettings.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        // Silent and idle connections, and Kestrel's own rejections, are handled before HTTP is parsed.
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => listen.ApplicationServices.GetRequiredService<ConnectionGuard>().Wrap(next)));
    }
}
