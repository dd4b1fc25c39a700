using System.Net;
using System.Net.Sockets;

namespace Udc.Outbound;

/// <summary>
/// A connector's outbound rule: requests only to the hosts named, and connections never to an address
/// <see cref="PrivateAddresses"/> calls private unless that address or its network is named too. The address is
/// checked after DNS resolution, at connect time (<see cref="OutboundHttp.CreateClient"/>), so a public name that
/// resolves to 127.0.0.1 or 169.254.169.254 (a cloud's metadata service) is refused as well.
/// </summary>
internal sealed class OutboundAddressPolicy
{
    private readonly HashSet<string> _hosts;
    private readonly IReadOnlyList<IPNetwork> _allowedInternal;

    /// <param name="hosts">Host names (or literal addresses) requests may be sent to, compared case-insensitively.</param>
    /// <param name="allowedInternal">Internal addresses or networks that are allowed all the same (tests name 127.0.0.1).</param>
    public OutboundAddressPolicy(IEnumerable<string> hosts, IReadOnlyList<IPNetwork> allowedInternal)
    {
        _hosts = new HashSet<string>(hosts, StringComparer.OrdinalIgnoreCase);
        _allowedInternal = allowedInternal;
    }

    public IReadOnlyCollection<string> Hosts => _hosts;

    /// <summary>A URL may be requested: http or https, to a named host.</summary>
    public bool AllowsUrl(Uri url) => url.IsAbsoluteUri && url.Scheme is "http" or "https" && _hosts.Contains(url.IdnHost);

    /// <summary>A resolved address may be connected to.</summary>
    public bool AllowsAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return !PrivateAddresses.IsPrivate(address) || _allowedInternal.Any(n => n.Contains(address));
    }

    /// <summary>A literal address or a CIDR network, as written in a configuration; null when it is neither.</summary>
    public static IPNetwork? ParseNetwork(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }
        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }
}
