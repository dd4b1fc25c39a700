using System.Globalization;
using System.Text;
using Udc.Engine.Catalog;
using Udc.Features.Live;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Live;

public sealed class MetricsFeedTests : IDisposable
{
    private readonly TempDataDirectory _directory = new("udc-metrics-feed-");

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// A source's metrics are worked out, sent, and then its anomalies are searched over every row: a listener that
    /// subscribes at any moment of that work must get the metrics, from its backlog or from the stream.
    /// </summary>
    [Fact]
    public async Task Subscribe_WhileASourceIsProcessed_EverySubscriberGetsItsMetrics()
    {
        WriteSeries(_directory.PathOf("sales.csv"), 300_000);
        var catalog = new SourceCatalog(new CatalogOptions(_directory.Path, null), TimeProvider.System);
        catalog.LoadAll();
        using var feed = new MetricsFeed(catalog, TimeProvider.System);
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        feed.Published += _ => published.TrySetResult();
        // Subscriptions that found the metrics in their backlog are done with at once; the others are kept and must
        // receive them on the stream.
        var waiting = new List<MetricsSubscription>();
        var servedFromBacklog = 0;

        await feed.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // Bounded: until the feed has published and one more listener is served from the backlog, or 100,000
            // waiting listeners, or a minute.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromMinutes(1));
            while ((!published.Task.IsCompleted || servedFromBacklog == 0) && waiting.Count < 100_000 && !limit.IsCancellationRequested)
            {
                var subscription = feed.Subscribe(null);
                if (subscription.Backlog.Any(IsSalesMetrics))
                {
                    servedFromBacklog++;
                    subscription.Dispose();
                }
                else
                {
                    waiting.Add(subscription);
                }
            }
            await published.Task.WaitAsync(limit.Token);

            Assert.True(servedFromBacklog > 0, "no listener subscribed after the feed published");
            Assert.Equal(0, waiting.Count(s => !Drain(s).Any(IsSalesMetrics)));
        }
        finally
        {
            foreach (var subscription in waiting)
            {
                subscription.Dispose();
            }
            await feed.StopAsync(CancellationToken.None);
        }
    }

    private static bool IsSalesMetrics(MetricsEvent item) => item.Name == MetricsEvent.Metrics && item.Source == "sales";

    private static List<MetricsEvent> Drain(MetricsSubscription subscription)
    {
        var events = new List<MetricsEvent>();
        while (subscription.Reader.TryRead(out var item))
        {
            events.Add(item);
        }
        return events;
    }

    /// <summary>An hourly series of amounts with a spike now and then, so the anomaly search has work to do.</summary>
    private static void WriteSeries(string path, int rows)
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        writer.Write("id,created_at,amount\n");
        for (var i = 0; i < rows; i++)
        {
            var amount = i % 997 == 0 ? 5_000.0 : 100 + i % 50;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{start.AddHours(i):yyyy-MM-ddTHH:mm:ssZ},{amount}\n"));
        }
    }
}
