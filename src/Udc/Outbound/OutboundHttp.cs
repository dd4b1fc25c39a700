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
    /// <param name="allowedPrivate">
    /// For clients that reach URLs UDC did not choose (callbacks, feeds): connections go only to public addresses
    /// and to the private ones returned here (<see cref="PrivateAddresses"/>). Null for configured endpoints.
    /// </param>
    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name, Func<IServiceProvider, TimeSpan> connectTimeout,
        Func<IServiceProvider, IReadOnlySet<System.Net.IPAddress>>? allowedPrivate = null) =>
        services.AddHttpClient(name)
            // Deadlines belong to each call (an LLM question, a feed poll), so the client's own 100 s timeout is off.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(s =>
            {
                var transport = CreateTransport(connectTimeout(s));
                if (allowedPrivate is not null)
                {
                    transport.ConnectCallback = PrivateAddresses.ConnectGuard(allowedPrivate(s));
                }
                return transport;
            })
            .AddHttpMessageHandler(s => new SameOriginRedirects(s.GetRequiredService<ILogger<SameOriginRedirects>>()));

    /// <summary>
    /// A client of its own for a caller with its own address rule (a connector): the same transport and redirect
    /// rule as every named client, and connections only to addresses <paramref name="addresses"/> allows.
    /// </summary>
    public static HttpClient CreateClient(TimeSpan connectTimeout, OutboundAddressPolicy addresses, ILogger<SameOriginRedirects> logger)
    {
        var transport = CreateTransport(connectTimeout);
        transport.ConnectCallback = PrivateAddresses.ConnectGuard(addresses.AllowsAddress);
        return new(new SameOriginRedirects(logger) { InnerHandler = transport }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The socket handler under every outbound client. It never follows a redirect itself:
    /// <see cref="SameOriginRedirects"/> decides which ones are followed.
    /// </summary>
    public static SocketsHttpHandler CreateTransport(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = s_connectionLifetime,
        AutomaticDecompression = DecompressionMethods.All,
    };
}
