using System.Net;
using System.Net.Sockets;

namespace Udc.RateLimiting;

/// <summary>
/// The partition name of an anonymous caller. The address is the connection's, or the one a configured proxy
/// forwarded (forwarded headers from anyone else are ignored). IPv6 clients are grouped by /64, the block one
/// subscriber gets, so rotating addresses within it buys nothing.
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPAddress(bytes).ToString() + "/64";
        }
        return address.ToString();
    }
}
