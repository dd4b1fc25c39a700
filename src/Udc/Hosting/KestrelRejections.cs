using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Udc.Hosting;

/// <summary>
/// Kestrel refuses some requests before any middleware runs (a NUL or control character in the path, a request
/// line over 8 KiB: 414, headers over 32 KiB: 431, headers too slow: 408) and answers them with an empty body and
/// none of UDC's headers; its code resets the response headers just before writing, so nothing set on the
/// request survives. What it does offer is its <c>BadRequest</c> diagnostic event, raised with the request's
/// features once the request is refused and before the response is written. This listener arms that
/// connection's <see cref="EnvelopeRejectionWriter"/>, which then writes the envelope and headers instead.
/// </summary>
internal sealed class KestrelRejections : IObserver<KeyValuePair<string, object?>>
{
    public const string EventName = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    /// <summary>Only this event is enabled: ASP.NET Core's per-request diagnostics stay off.</summary>
    public static bool IsEvent(string name) => name == EventName;

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != EventName || value.Value is not IFeatureCollection features)
        {
            return;
        }
        // A request refused after its response started (a body read failing mid-stream) can only be cut off.
        if (features.Get<IHttpResponseFeature>() is { HasStarted: false } response && GuardedConnection.Of(features)?.Output is { } output)
        {
            output.Arm(response.StatusCode);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
