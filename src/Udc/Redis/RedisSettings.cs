using System.Globalization;
using StackExchange.Redis;
using Udc.Hosting;

namespace Udc.Redis;

/// <summary>
/// <c>REDIS_URL</c>: <c>redis://[:password@]host[:port][/db]</c> (<c>rediss://</c> for TLS) or <c>host:port</c>.
/// Unset, UDC runs on its own: memory cache, local limits, no cross-replica messages.
/// </summary>
internal sealed record RedisSettings(ConfigurationOptions? Options, string? Display)
{
    /// <summary>
    /// What a Redis call may cost a request before UDC goes on without it. Loopback or same-zone Redis answers
    /// in well under a millisecond; 100 ms is a stall, not a slow answer.
    /// </summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(100);

    public static RedisSettings Read(SettingsReader reader)
    {
        if (reader.String("REDIS_URL") is not { } url)
        {
            return new RedisSettings(null, null);
        }
        if (!TryParse(url, out var options, out var display))
        {
            reader.Error("REDIS_URL must look like redis://[:password@]host[:port][/db] or host:port");
            return new RedisSettings(null, null);
        }
        return new RedisSettings(options, display);
    }

    public static bool TryParse(string url, out ConfigurationOptions options, out string display)
    {
        options = Defaults();
        display = "";
        var ssl = false;
        string? password = null;
        var database = 0;
        var rest = url;
        if (url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                return false;
            }
            ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
            if (uri.UserInfo is { Length: > 0 } info)
            {
                var colon = info.IndexOf(':', StringComparison.Ordinal);
                password = Uri.UnescapeDataString(colon < 0 ? info : info[(colon + 1)..]);
            }
            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
            {
                return false;
            }
            rest = uri.IsDefaultPort || uri.Port < 0 ? $"{uri.Host}:6379" : $"{uri.Host}:{uri.Port}";
        }
        if (!TrySplitHostPort(rest, out var host, out var port))
        {
            return false;
        }
        options.EndPoints.Add(host, port);
        options.Ssl = ssl;
        options.Password = password;
        options.DefaultDatabase = database;
        display = $"{(ssl ? "rediss" : "redis")}://{rest}/{database}";
        return true;
    }

    private static bool TrySplitHostPort(string text, out string host, out int port)
    {
        host = text;
        port = 6379;
        var colon = text.LastIndexOf(':');
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            host = text[1..close];
            colon = close + 1 < text.Length && text[close + 1] == ':' ? close + 1 : -1;
        }
        else if (colon >= 0)
        {
            host = text[..colon];
        }
        if (colon >= 0 && !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }
        return host.Length > 0;
    }

    /// <summary>
    /// Fail fast everywhere: never queue commands while disconnected (the default backlog stalls each call for
    /// about 2 s), short timeouts, and reconnect in the background with backoff.
    /// </summary>
    private static ConfigurationOptions Defaults() => new()
    {
        AbortOnConnectFail = false,
        BacklogPolicy = BacklogPolicy.FailFast,
        ConnectTimeout = 1_000,
        SyncTimeout = 250,
        AsyncTimeout = 250,
        ConnectRetry = 1,
        KeepAlive = 5,
        ReconnectRetryPolicy = new ExponentialRetry(250, 5_000),
        ClientName = "udc",
    };
}
