using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Analytics;

/// <summary>A source loaded from JSON text in a temporary folder, for engine tests of analytics.</summary>
internal sealed class SeriesFixture : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-analytics-");

    public SeriesFixture(string json, string name = "series")
    {
        _dir.Write(name + ".json", json);
        var catalog = new SourceCatalog(new CatalogOptions(_dir.Path), TimeProvider.System);
        catalog.LoadAll();
        Snapshot = catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot : throw new InvalidOperationException(state?.LastFailure?.Message);
    }

    public SourceSnapshot Snapshot { get; }

    public AnalyticsSpec Spec(AnalyticsRequest request, TimeBucket? defaultBucket = null)
    {
        var (spec, issues) = AnalyticsBinder.Bind(Snapshot, request, RequestOrigin.QueryString, defaultBucket);
        return spec ?? throw new InvalidOperationException(string.Join("; ", issues.Select(i => i.Msg)));
    }

    public IReadOnlyList<ValidationIssue> Issues(AnalyticsRequest request) => AnalyticsBinder.Bind(Snapshot, request, RequestOrigin.QueryString, null).Issues;

    public void Dispose() => _dir.Dispose();

    /// <summary>Records as a JSON array: strings, numbers (int or double) and nulls.</summary>
    public static string Json(IEnumerable<IReadOnlyList<(string Name, object? Value)>> records)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                writer.WriteStartObject();
                foreach (var (name, value) in record)
                {
                    switch (value)
                    {
                        case null:
                            writer.WriteNull(name);
                            break;
                        case string text:
                            writer.WriteString(name, text);
                            break;
                        case int number:
                            writer.WriteNumber(name, number);
                            break;
                        default:
                            writer.WriteNumber(name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
