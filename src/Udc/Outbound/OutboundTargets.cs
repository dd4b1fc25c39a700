using System.Collections.Concurrent;
using Udc.RateLimiting;

namespace Udc.Outbound;

/// <summary>
/// The per-target guard every background outbound call goes through (a job's vendor, an ingestion connector, a
/// completion callback): a rate limit on calls per second and a <see cref="CircuitBreaker"/>, both kept per target
/// name. A caller awaits <see cref="EnterAsync"/>, makes its call, and reports <see cref="Succeeded"/> or
/// <see cref="Failed"/>; an open circuit throws <see cref="TargetUnavailableException"/> with when to come back,
/// which the background worker turns into a later run without spending an attempt.
/// </summary>
internal sealed class OutboundTargets(TimeProvider time)
{
    /// <summary>Ten 100 ms segments: a per-second limit that admits a burst no bigger than its rate.</summary>
    private const int Segments = 10;
    private const long SegmentMilliseconds = 100;

    /// <summary>Targets are configured names (vendors, connectors), not client input: 10,000 is far past any config.</summary>
    private const int MaxTargets = 10_000;

    private readonly LocalRateLimiter _limiter = new(Segments, SegmentMilliseconds, MaxTargets, time);
    private readonly ConcurrentDictionary<string, Target> _targets = new(StringComparer.Ordinal);

    /// <summary>Sets a target's limits; a target never configured has no rate limit and the default breaker.</summary>
    public void Configure(string target, TargetLimits limits) =>
        _targets[target] = new Target(limits, new CircuitBreaker(time, limits.FailureThreshold, maxOpen: limits.MaxOpen));

    /// <summary>Waits for the target's rate limit; throws <see cref="TargetUnavailableException"/> while its circuit is open.</summary>
    public async ValueTask EnterAsync(string target, CancellationToken cancellationToken)
    {
        var state = Get(target);
        if (!state.Breaker.TryEnter())
        {
            throw new TargetUnavailableException(target, state.Breaker.RetryAfter);
        }
        if (state.Limits.RequestsPerSecond <= 0)
        {
            return;
        }
        var key = new PartitionKey("out", target, "");
        while (true)
        {
            var (allowed, _, reset) = _limiter.Acquire(key, state.Limits.RequestsPerSecond);
            if (allowed)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, reset)), time, cancellationToken);
        }
    }

    public void Succeeded(string target) => Get(target).Breaker.Success();

    /// <returns>True when this failure opened the target's circuit.</returns>
    public bool Failed(string target) => Get(target).Breaker.Failure();

    /// <summary>"closed" or "open", for status pages.</summary>
    public string CircuitState(string target) => Get(target).Breaker.IsOpen ? "open" : "closed";

    private Target Get(string target) =>
        _targets.TryGetValue(target, out var state) ? state : _targets.GetOrAdd(target, _ => new Target(TargetLimits.Default, new CircuitBreaker(time)));

    private sealed record Target(TargetLimits Limits, CircuitBreaker Breaker);
}

/// <summary>One target's limits.</summary>
/// <param name="RequestsPerSecond">Calls per second; 0 is unlimited.</param>
/// <param name="FailureThreshold">Failures in a row that open the circuit.</param>
/// <param name="MaxOpen">The longest cool-down; null is the breaker's default (15 s).</param>
internal sealed record TargetLimits(int RequestsPerSecond, int FailureThreshold = CircuitBreaker.DefaultThreshold, TimeSpan? MaxOpen = null)
{
    public static readonly TargetLimits Default = new(0);
}

/// <summary>The target's circuit is open: nothing was sent; try again after <see cref="RetryAfter"/>.</summary>
internal sealed class TargetUnavailableException(string target, TimeSpan retryAfter)
    : Exception($"'{target}' failed repeatedly; its circuit is open for {retryAfter.TotalSeconds:0.#} s more")
{
    public string Target { get; } = target;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
