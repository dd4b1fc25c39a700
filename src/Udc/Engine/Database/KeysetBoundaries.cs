using System.Collections.Concurrent;

namespace Udc.Engine.Database;

/// <summary>
/// The order keys of the last row of each page served, by query and by the position after it: a client walking pages
/// (page 2 after page 1, as people, tools and exporters do) gets each next page from a keyset, so a deep page costs the
/// database the rows it returns, not every row before it. A page asked for out of the blue reads with OFFSET, as before.
/// </summary>
internal sealed class KeysetBoundaries
{
    /// <summary>4,096 boundaries is a few hundred kilobytes; past it they are forgotten at once rather than tracked by age.</summary>
    private const int MaxBoundaries = 4_096;

    private readonly ConcurrentDictionary<(string Query, int Offset), object?[]> _boundaries = new();

    public object?[]? Find(string query, int offset) => _boundaries.GetValueOrDefault((query, offset));

    public void Remember(string query, int offset, object?[] keys)
    {
        if (_boundaries.Count >= MaxBoundaries)
        {
            _boundaries.Clear();
        }
        _boundaries[(query, offset)] = keys;
    }
}
