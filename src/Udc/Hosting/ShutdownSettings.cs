namespace Udc.Hosting;

/// <summary>How UDC stops on SIGTERM or Ctrl+C.</summary>
/// <param name="Delay"><c>UDC_SHUTDOWN_DELAY_SECONDS</c> (default 0): after the signal, <c>/health/ready</c> answers 503
/// while requests are still served, so a load balancer stops sending new ones before the listener closes.</param>
/// <param name="Timeout"><c>UDC_SHUTDOWN_TIMEOUT_SECONDS</c> (default 25): how long requests and streams in flight may take
/// to finish once the listener is closed; what is still running then is cut. 25 s fits inside Kubernetes' default
/// 30 s grace period with the delay's default.</param>
internal sealed record ShutdownSettings(TimeSpan Delay, TimeSpan Timeout)
{
    public static ShutdownSettings Read(SettingsReader reader)
    {
        var delay = reader.Int("UDC_SHUTDOWN_DELAY_SECONDS", 0, 0, 300);
        var timeout = reader.Seconds("UDC_SHUTDOWN_TIMEOUT_SECONDS", TimeSpan.FromSeconds(25), 3600);
        return new ShutdownSettings(TimeSpan.FromSeconds(delay), timeout);
    }
}
