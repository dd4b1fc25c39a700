using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Features.Analytics;

namespace Udc.Features.Live;

/// <summary>
/// The events of <c>/sse/metrics</c>, made once for every listener. Whenever the catalog publishes a snapshot (a
/// reload, a webhook change, any new version), a background loop works out the source's latest values and the
/// anomalies that the new version has and the one before had not, and sends them to every open stream. The last
/// <see cref="ReplayEvents"/> events are kept, so a client that reconnects with <c>Last-Event-ID</c> gets what it missed.
/// Sources without a timestamp column and a numeric measure have no metrics, and send none.
/// </summary>
internal sealed class MetricsFeed : BackgroundService
{
    /// <summary>A thousand events: minutes of reloads of every source, more than a reconnecting dashboard misses.</summary>
    public const int ReplayEvents = 1_000;

    /// <summary>An anomaly event per new point at most this many per change: a first load of a long series is a summary, not a flood.</summary>
    private const int MaxAnomalyEvents = 50;

    private readonly SourceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly Channel<SourceState> _changes = Channel.CreateUnbounded<SourceState>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly LinkedList<MetricsEvent> _recent = new();
    private readonly Dictionary<string, MetricsEvent> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string?, long)>> _anomalies = new(StringComparer.Ordinal);
    private readonly List<Channel<MetricsEvent>> _listeners = [];
    private long _sequence;
    private int _openStreams;

    /// <summary>Counts a stream in, unless <paramref name="max"/> are open already.</summary>
    public bool TryOpenStream(int max)
    {
        if (Interlocked.Increment(ref _openStreams) <= max)
        {
            return true;
        }
        Interlocked.Decrement(ref _openStreams);
        return false;
    }

    public void CloseStream() => Interlocked.Decrement(ref _openStreams);

    public MetricsFeed(SourceCatalog catalog, TimeProvider time)
    {
        _catalog = catalog;
        _time = time;
        catalog.SourceChanged += OnSourceChanged;
        foreach (var state in catalog.Sources)
        {
            OnSourceChanged(state);
        }
    }

    /// <summary>Raised after a change's events are sent: tests and benchmarks wait on it instead of sleeping.</summary>
    public event Action<string>? Published;

    /// <summary>
    /// Opens a listener: the events after <paramref name="lastEventId"/> when they are still kept, else the latest
    /// metrics of every source; then everything new. The caller disposes the subscription.
    /// </summary>
    public MetricsSubscription Subscribe(long? lastEventId)
    {
        var channel = Channel.CreateBounded<MetricsEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        List<MetricsEvent> backlog;
        lock (_lock)
        {
            var resumable = lastEventId is { } id && _recent.First is { } first && first.Value.Id <= id + 1 && id <= _sequence;
            backlog = resumable ? [.. _recent.Where(e => e.Id > lastEventId!.Value)] : [.. _latest.Values.OrderBy(e => e.Source, StringComparer.Ordinal)];
            _listeners.Add(channel);
        }
        return new MetricsSubscription(this, channel, backlog);
    }

    internal void Unsubscribe(Channel<MetricsEvent> channel)
    {
        lock (_lock)
        {
            _listeners.Remove(channel);
        }
    }

    public override void Dispose()
    {
        _catalog.SourceChanged -= OnSourceChanged;
        base.Dispose();
    }

    private void OnSourceChanged(SourceState state) => _changes.Writer.TryWrite(state);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var state in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    Process(state);
                }
                catch (Engine.Database.DatabaseReadException)
                {
                    // A database source whose series cannot be read now (down, slow, or not pushed down) has no live
                    // metrics this time; the feed goes on for every other source.
                }
                Published?.Invoke(state.Name);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Process(SourceState state)
    {
        if (state.Snapshot is not { } snapshot)
        {
            if (state.LastFailure is null)
            {
                Send(MetricsEvent.Removed, state.Name, writer => writer.WriteString("source"u8, state.Name));
                lock (_lock)
                {
                    _anomalies.Remove(state.Name);
                }
            }
            return;
        }
        var (spec, _) = AnalyticsBinder.Bind(snapshot, new AnalyticsRequest(), RequestOrigin.QueryString, null);
        if (spec is null)
        {
            return;
        }
        var latest = Analyses.Latest(snapshot, spec);
        Send(MetricsEvent.Metrics, snapshot.Name, writer => WriteMetrics(writer, snapshot, spec, latest));
        var report = Analyses.Anomalies(snapshot, spec);
        var keys = report.Points.Select(p => (report.Set.Items[p.SeriesIndex].Key, report.Set.Items[p.SeriesIndex].Times[p.Index])).ToHashSet();
        HashSet<(string?, long)>? known;
        lock (_lock)
        {
            _anomalies.TryGetValue(snapshot.Name, out known);
            _anomalies[snapshot.Name] = keys;
        }
        // The first version of a source has no "new" anomalies: they were there when it loaded, and the metrics event carries it.
        if (known is null)
        {
            return;
        }
        foreach (var point in report.Points.Where(p => !known.Contains((report.Set.Items[p.SeriesIndex].Key, report.Set.Items[p.SeriesIndex].Times[p.Index]))).TakeLast(MaxAnomalyEvents))
        {
            var series = report.Set.Items[point.SeriesIndex];
            Send(MetricsEvent.Anomaly, snapshot.Name, writer =>
            {
                writer.WriteString("source"u8, snapshot.Name);
                writer.WriteString("series"u8, series.Key);
                AnalyticsResponse.WriteTime(writer, spec, series.Times[point.Index]);
                writer.WriteNumber("value"u8, series.Values[point.Index]);
                writer.WriteNumber("mean"u8, point.Mean);
                writer.WriteNumber("z_score"u8, point.Score);
                writer.WriteNumber("threshold"u8, spec.Threshold);
            });
        }
    }

    /// <summary>
    /// An event as a caller under a row or column policy may see it: the metrics worked out again from its view of the
    /// source (same id, so resuming still works); anomaly events, found over every row, are not sent to it. Null when
    /// nothing of the event is for this caller.
    /// </summary>
    public static MetricsEvent? ForView(MetricsEvent item, SourceSnapshot view)
    {
        if (item.Name != MetricsEvent.Metrics)
        {
            return item.Name == MetricsEvent.Removed ? item : null;
        }
        var (spec, _) = AnalyticsBinder.Bind(view, new AnalyticsRequest(), RequestOrigin.QueryString, null);
        if (spec is null)
        {
            return null;
        }
        var latest = Analyses.Latest(view, spec);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            WriteMetrics(writer, view, spec, latest);
            writer.WriteEndObject();
        }
        return item with { Data = buffer.WrittenSpan.ToArray() };
    }

    private static void WriteMetrics(Utf8JsonWriter writer, SourceSnapshot snapshot, AnalyticsSpec spec, LatestReport latest)
    {
        writer.WriteString("source"u8, snapshot.Name);
        writer.WriteString("published_at"u8, snapshot.LoadedAt);
        writer.WriteString("measure"u8, spec.Measure.Name);
        writer.WriteString("series_column"u8, spec.Series?.Name);
        writer.WriteStartArray("latest"u8);
        foreach (var series in latest.Set.Items)
        {
            writer.WriteStartObject();
            writer.WriteString("series"u8, series.Key);
            AnalyticsResponse.WriteTime(writer, spec, series.Times[^1]);
            writer.WriteNumber("value"u8, series.Values[^1]);
            AnalyticsResponse.WriteNumber(writer, "previous"u8, series.Length > 1 ? series.Values[^2] : null);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// Sends an event to every listener and, for a source's metrics or removal, keeps it as that source's latest in the
    /// same lock: a listener subscribing at any moment either is sent the event or finds it in its backlog.
    /// </summary>
    private void Send(string name, string source, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        lock (_lock)
        {
            var item = new MetricsEvent(++_sequence, name, source, buffer.WrittenSpan.ToArray());
            _recent.AddLast(item);
            if (_recent.Count > ReplayEvents)
            {
                _recent.RemoveFirst();
            }
            if (name == MetricsEvent.Metrics)
            {
                _latest[source] = item;
            }
            else if (name == MetricsEvent.Removed)
            {
                _latest.Remove(source);
            }
            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(item);
            }
        }
    }
}

/// <summary>An open listener: the events it starts with, then the live channel.</summary>
internal sealed class MetricsSubscription(MetricsFeed feed, Channel<MetricsEvent> channel, IReadOnlyList<MetricsEvent> backlog) : IDisposable
{
    public IReadOnlyList<MetricsEvent> Backlog => backlog;

    public ChannelReader<MetricsEvent> Reader => channel.Reader;

    public void Dispose() => feed.Unsubscribe(channel);
}
