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
    }
}
