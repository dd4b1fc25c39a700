using System.Net;
using System.Net.Sockets;

namespace Udc.Outbound;

/// <summary>
/// The one way UDC makes HTTP clients for calls it sends out (model providers, ingestion connectors): each client
/// gets the same connection handling and the same redirect rule, so a new client cannot forget either.
/// </summary>
internal static class OutboundHttp
{
    /// <summary>Connections are recycled every 5 minutes so a DNS change is seen without a restart.</summary>
    private static readonly TimeSpan s_connectionLifetime = TimeSpan.FromMinutes(5);

    /// <param name="connectTimeout">How long a connection may take, read from the client's own settings.</param>
    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name, Func<IServiceProvider, TimeSpan> connectTimeout) =>
        services.AddHttpClient(name)
            // Deadlines belong to each call (an LLM question, a feed poll), so the client's own 100 s timeout is off.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(s => CreateTransport(connectTimeout(s)))
            .AddHttpMessageHandler(s => new SameOriginRedirects(s.GetRequiredService<ILogger<SameOriginRedirects>>()));

    /// <summary>
    /// A client of its own for a caller with its own address rule (a connector): the same transport and redirect
    /// rule as every named client, and connections only to addresses <paramref name="addresses"/> allows.
    /// </summary>
    public static HttpClient CreateClient(TimeSpan connectTimeout, OutboundAddressPolicy addresses, ILogger<SameOriginRedirects> logger) =>
        new(new SameOriginRedirects(logger) { InnerHandler = CreateTransport(connectTimeout, addresses) }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// The socket handler under every outbound client. It never follows a redirect itself:
    /// <see cref="SameOriginRedirects"/> decides which ones are followed.
    /// </summary>
    public static SocketsHttpHandler CreateTransport(TimeSpan connectTimeout, OutboundAddressPolicy? addresses = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = s_connectionLifetime,
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (addresses is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(context, addresses, cancellationToken);
        }
        return handler;
    }

    /// <summary>
    /// Resolves the host and connects to the first address the policy allows. Checking here, not before the
    /// request, means the address checked is the address used: a name that resolves elsewhere on a second lookup
    /// (DNS rebinding) cannot slip past.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, OutboundAddressPolicy policy, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var candidates = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = candidates.Where(policy.AllowsAddress).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundRefusedException($"'{host}' resolves only to internal addresses (loopback, private or link-local), which this connector does not name in allow_addresses");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
