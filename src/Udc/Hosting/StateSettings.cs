using Udc.Engine.Snapshots;

namespace Udc.Hosting;

/// <summary>
/// UDC's state directory (its database and its snapshots, never a data file) and the bound on the snapshots.
/// </summary>
/// <param name="Directory">UDC_STATE_DIR; by default <c>.udc</c> in the data folder, which the data watcher does not look into.</param>
/// <param name="SnapshotMaxBytes">UDC_SNAPSHOT_MAX_MB in bytes; 0 keeps no snapshots.</param>
internal sealed record StateSettings(string Directory, long SnapshotMaxBytes)
{
    public const string DirectoryVariable = "UDC_STATE_DIR";
    public const string SnapshotMaxVariable = "UDC_SNAPSHOT_MAX_MB";

    /// <summary>
    /// 2 GiB holds the snapshots of about ten million seeded tickets (about 200 bytes a row); a larger data set sets
    /// its own bound, and past it the least recently used snapshots go first.
    /// </summary>
    private const int DefaultSnapshotMaxMegabytes = 2048;

    public string SnapshotDirectory => Path.Combine(Directory, "snapshots");

    /// <summary>The store the catalog keeps its snapshots in; null when snapshots are off.</summary>
    public SnapshotStore? CreateSnapshotStore() => SnapshotMaxBytes > 0 ? new SnapshotStore(SnapshotDirectory, SnapshotMaxBytes, UdcVersion.Current) : null;

    public static StateSettings Read(SettingsReader reader, string dataDirectory)
    {
        var directory = reader.String(DirectoryVariable) is { } given ? Path.GetFullPath(given) : Path.Combine(dataDirectory, ".udc");
        var megabytes = reader.Int(SnapshotMaxVariable, DefaultSnapshotMaxMegabytes, 0, 1_048_576);
        return new StateSettings(directory, megabytes * 1048576L);
    }
}
