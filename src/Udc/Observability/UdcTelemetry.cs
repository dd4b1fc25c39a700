using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Udc.Observability;

/// <summary>
/// UDC's own spans and event counters. One <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <c>Udc</c>: starting a span or adding to a counter costs a branch while nothing listens (tracing and
/// metrics are off by default), so the call sites stay on the hot path unconditionally.
/// </summary>
internal static class UdcTelemetry
{
    public const string Name = "Udc";

    /// <summary>Tools run in microseconds to milliseconds: 10 µs to 2.5 s.</summary>
    private static readonly double[] s_fastSeconds = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 2.5];

    /// <summary>The GenAI conventions' advice: powers of 4 from 1 to 4^13 tokens.</summary>
    private static readonly long[] s_tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The GenAI conventions' advice for operation durations.</summary>
    private static readonly double[] s_modelSeconds = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    public static readonly ActivitySource Source = new(Name, Hosting.UdcVersion.Current);

    public static readonly Meter Meter = new(Name, Hosting.UdcVersion.Current);

    /// <summary>Requests refused with 429, by policy (<c>per-source</c>, <c>auth-failures</c>) and source.</summary>
    public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>("udc.rate_limit.rejections", "{request}",
        "Requests refused with 429 RATE_LIMIT_EXCEEDED.");

    /// <summary>Webhook deliveries by outcome: applied, stored, duplicate, invalid_signature, rejected.</summary>
    public static readonly Counter<long> Webhooks = Meter.CreateCounter<long>("udc.webhooks.received", "{event}",
        "Webhook deliveries by outcome.");

    /// <summary>Questions to /assistant/query by who answered: fast_path, llm, none, or error.</summary>
    public static readonly Counter<long> AssistantAnswers = Meter.CreateCounter<long>("udc.assistant.answers", "{question}",
        "Questions answered, by resolver.");

    /// <summary>Tool calls by tool, surface (fast_path, model, mcp) and outcome (ok, error).</summary>
    public static readonly Counter<long> ToolCalls = Meter.CreateCounter<long>("udc.tool.calls", "{call}",
        "Tool calls, by tool, surface and outcome.");

    public static readonly Histogram<double> ToolDuration = Meter.CreateHistogram("udc.tool.duration", "s",
        "Time to run one tool call.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_fastSeconds });

    /// <summary>The GenAI conventions' client metrics for model calls.</summary>
    public static readonly Histogram<long> TokenUsage = Meter.CreateHistogram("gen_ai.client.token.usage", "{token}",
        "Tokens used per model call, by token type (input, output).", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = s_tokenBuckets });

    public static readonly Histogram<double> ModelCallDuration = Meter.CreateHistogram("gen_ai.client.operation.duration", "s",
        "Time of one model call, retries included.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_modelSeconds });

}
