using System.Text;
using System.Text.Json;
using Udc.Caching;
using Udc.Engine.Describe;
using Udc.Engine.Patching;
using Udc.Redis;

namespace Udc.Ingestion;

/// <summary>What another replica's runs committed, applied here.</summary>
internal sealed partial class IngestService
{
    /// <summary>Records another replica committed (stored here too, then patched in), or the end of its run (freshness).</summary>
    public void ApplyRemote(BusMessage message)
    {
        if (message.Source is not { } name || !_connectors.TryGetValue(name, out var handle) || message.Sequence is not { } sequence)
        {
            return;
        }
        if (message.Payload is null)
        {
            if (message.At is { } at)
            {
                var freshAt = DateTimeOffset.FromUnixTimeMilliseconds(at);
                _catalog.MarkIngestedFresh(name, freshAt, ContentTag.ForIngested(handle.Source, sequence, freshAt));
            }
            return;
        }
        var records = new List<(string Id, byte[] Record)>();
        foreach (var line in message.Payload.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(handle.Connector.IdColumn, out var id)
                && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                records.Add((id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), bytes));
            }
        }
        _store.StoreRemote(name, records, sequence, _time.GetUtcNow());
        var current = _catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot.FileModifiedAt : Freshness.Never;
        _catalog.AppendIngested(name, [.. records.Select(r => new RecordChange(RecordChangeKind.Upsert, r.Record))], current, ContentTag.ForIngested(handle.Source, sequence, current));
        _cache.Invalidate(name, message.Token ?? ResponseCache.NewToken());
    }
}
