using Udc.Engine.Loading;

namespace Udc.Engine.Snapshots;

/// <summary>
/// What a snapshot is of: a file (by its real path and identity) read in a format by a given UDC, the hash of the
/// bytes read, and when the read started (to tell whether a later change could hide within the time stamps).
/// </summary>
internal sealed record SnapshotKey(string Producer, string RealPath, FileIdentity Identity, SourceFormat Format, byte[] ContentHash, long ReadStartedNs)
{
    /// <summary>Another key names the same version of the same file, read the same way.</summary>
    public bool Matches(SnapshotKey other) =>
        Producer == other.Producer && RealPath == other.RealPath && Identity == other.Identity && Format == other.Format;
}
