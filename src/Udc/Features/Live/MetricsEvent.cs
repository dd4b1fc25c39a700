namespace Udc.Features.Live;

/// <summary>One Server-Sent Event of the metrics stream: its id (the stream's sequence), name, source and JSON data.</summary>
internal sealed record MetricsEvent(long Id, string Name, string Source, byte[] Data)
{
    public const string Metrics = "metrics";
    public const string Anomaly = "anomaly";
    public const string Removed = "source_removed";
}
