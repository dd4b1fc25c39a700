namespace Udc.Hosting;

/// <summary>
/// The first step of a graceful stop. The host runs every service's <see cref="StoppingAsync"/> before it stops
/// any of them, Kestrel included, so while this waits out <see cref="ShutdownSettings.Delay"/> requests are still
/// served and <c>/health/ready</c> says 503 (<see cref="IsDraining"/>). Then Kestrel closes its listener, lets
/// requests and streams in flight finish within <see cref="ShutdownSettings.Timeout"/>, and the process exits 0.
/// </summary>
internal sealed partial class ShutdownDrain(ShutdownSettings settings, IHostApplicationLifetime lifetime, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public bool IsDraining => lifetime.ApplicationStopping.IsCancellationRequested;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, settings.Delay.TotalSeconds, settings.Timeout.TotalSeconds);
        if (settings.Delay > TimeSpan.Zero)
        {
            await Task.Delay(settings.Delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: still serving for {DelaySeconds} s, then requests in flight get up to {TimeoutSeconds} s to finish")]
    private static partial void LogStopping(ILogger logger, double delaySeconds, double timeoutSeconds);
}
