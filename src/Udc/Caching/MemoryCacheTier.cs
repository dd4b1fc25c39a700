using System.Collections.Concurrent;

namespace Udc.Caching;

/// <summary>
/// The in-process tier: a dictionary with a byte budget, evicting in insertion order (a FIFO is as good as
/// LRU here: entries also expire within the TTL, and the hot keys come straight back).
/// </summary>
internal sealed class MemoryCacheTier(long maxBytes)
{
    private readonly ConcurrentDictionary<string, CachedResponse> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _bytes;

    public int Count => _entries.Count;

    public long Bytes => Interlocked.Read(ref _bytes);

    public CachedResponse? Get(string key, long now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }
        if (entry.ExpiresAtMilliseconds > now)
        {
            return entry;
        }
        Remove(key, entry);
        return null;
    }

    public void Set(string key, CachedResponse entry)
    {
        _entries.AddOrUpdate(key, entry, (_, old) =>
        {
            Interlocked.Add(ref _bytes, -Size(key, old));
            return entry;
        });
        Interlocked.Add(ref _bytes, Size(key, entry));
        _order.Enqueue(key);
        if (_order.Count > 4 * _entries.Count + 1024)
        {
            // Re-stored keys leave stale names in the queue; rebuilding it from the live keys keeps it bounded.
            _order.Clear();
            foreach (var live in _entries.Keys)
            {
                _order.Enqueue(live);
            }
        }
        while (Interlocked.Read(ref _bytes) > maxBytes && _order.TryDequeue(out var oldest))
        {
            if (_entries.TryGetValue(oldest, out var victim))
            {
                Remove(oldest, victim);
            }
        }
    }

    /// <summary>Drops every entry of a source (every entry when <paramref name="source"/> is null).</summary>
    public int RemoveSource(string? source)
    {
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (source is null || entry.Source == source || entry.Source.Length == 0)
            {
                removed += Remove(key, entry) ? 1 : 0;
            }
        }
        return removed;
    }

    private bool Remove(string key, CachedResponse entry)
    {
        if (!_entries.TryRemove(new KeyValuePair<string, CachedResponse>(key, entry)))
        {
            return false;
        }
        Interlocked.Add(ref _bytes, -Size(key, entry));
        return true;
    }

    /// <summary>The body, the key and ~100 bytes of bookkeeping.</summary>
    private static long Size(string key, CachedResponse entry) => entry.Body.Length + key.Length * 2L + 100;
}
