using System.Net;
using System.Net.Sockets;

namespace Udc.Outbound;

/// <summary>
/// Where an outbound client may connect: only to the hosts named, and never to a loopback, private, link-local,
/// shared (CGNAT) or unspecified address unless that address or its network is named too. The address is checked
/// after DNS resolution, at connect time (<see cref="OutboundHttp.CreateTransport(TimeSpan, OutboundAddressPolicy?)"/>),
/// so a public name that resolves to 127.0.0.1 or 169.254.169.254 (a cloud's metadata service) is refused as well.
/// </summary>
internal sealed class OutboundAddressPolicy
{
    private static readonly IPNetwork[] s_internal =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

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
        foreach (var network in s_internal)
        {
            if (network.Contains(address))
            {
                return _allowedInternal.Any(n => n.Contains(address));
            }
        }
        return true;
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

/// <summary>An outbound connection was refused by its <see cref="OutboundAddressPolicy"/>.</summary>
internal sealed class OutboundRefusedException(string message) : HttpRequestException(message);
