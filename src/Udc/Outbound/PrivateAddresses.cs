using System.Net;
using System.Net.Sockets;

namespace Udc.Outbound;

/// <summary>
/// The SSRF rule for URLs UDC did not choose itself (a client's callback URL, a feed's next page): a connection to a
/// loopback, private, link-local, carrier-grade NAT, multicast or unspecified address is refused unless the
/// configuration names that address literally. The check runs on the address actually connected to, after DNS,
/// so a name that resolves (or rebinds) to 169.254.169.254 is refused like the address itself.
/// </summary>
internal static class PrivateAddresses
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            // fc00::/7 unique local, fe80::/10 link-local (IsIPv6LinkLocal), ff00::/8 multicast.
            return (first & 0xFE) == 0xFC || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast;
        }
        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or >= 224
            || b[0] == 172 && b[1] is >= 16 and <= 31
            || b[0] == 192 && b[1] == 168
            || b[0] == 169 && b[1] == 254
            || b[0] == 100 && b[1] is >= 64 and <= 127;
    }

    /// <summary>
    /// A connect callback for <see cref="SocketsHttpHandler"/> that resolves the host and connects only to an address
    /// that is public, or private but named in <paramref name="allowed"/> (IP literals from the configuration).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectGuard(IReadOnlySet<IPAddress> allowed) =>
        ConnectGuard(address => !IsPrivate(address) || allowed.Contains(address));

    /// <summary>The same guard for a rule of its own (a connector's, which may name whole networks).</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectGuard(Func<IPAddress, bool> permits) =>
        async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var permitted = addresses.Where(permits).ToArray();
            if (permitted.Length == 0)
            {
                throw new HttpRequestException($"refused to connect to '{host}': it resolves only to private or loopback addresses that the configuration does not name");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
