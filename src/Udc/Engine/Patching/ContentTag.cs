using System.Security.Cryptography;
using System.Text;
using Udc.Engine.Catalog;

namespace Udc.Engine.Patching;

/// <summary>
/// A name for what a snapshot holds that is the same in every process that holds the same: the hash of the
/// file's bytes and of the definition, then of every change applied on top. Shared caches key on it, where
/// the process-local <see cref="SourceSnapshot.Version"/> would mean different things on two replicas.
/// </summary>
internal static class ContentTag
{
    public static string ForFile(ReadOnlySpan<byte> fileHash, SourceDefinition definition)
    {
        var described = Encoding.UTF8.GetBytes($"{definition.Name}\n{definition.Format}\n{definition.IdColumn}\n{definition.TimeColumn}\n{definition.Noun}\n");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(fileHash);
        hash.AppendData(described);
        return Hex(hash.GetHashAndReset());
    }

    public static string ForChanges(string previous, IReadOnlyList<RecordChange> changes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(previous));
        foreach (var change in changes)
        {
            hash.AppendData([(byte)change.Kind]);
            hash.AppendData(change.RecordJson.Span);
            hash.AppendData("\n"u8);
        }
        return Hex(hash.GetHashAndReset());
    }

    /// <summary>
    /// An ingested source: its definition, the connector's commit sequence (which every replica holding the same
    /// commits has reached alike) and the end of its last complete run (its freshness).
    /// </summary>
    public static string ForIngested(SourceDefinition definition, long sequence, DateTimeOffset freshAt)
    {
        var described = Encoding.UTF8.GetBytes($"{definition.Name}\n{definition.Format}\n{definition.IdColumn}\n{definition.TimeColumn}\n{definition.Noun}\n{sequence}\n{freshAt.ToUnixTimeMilliseconds()}\n");
        return Hex(SHA256.HashData(described));
    }

    /// <summary>128 bits are plenty to tell snapshots apart and keep keys short.</summary>
    private static string Hex(byte[] digest) => Convert.ToHexStringLower(digest, 0, 16);
}
