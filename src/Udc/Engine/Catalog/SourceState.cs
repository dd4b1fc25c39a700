using Udc.Engine.Loading;

namespace Udc.Engine.Catalog;

/// <summary>A source as the catalog knows it: the snapshot it serves, if any, and how its last load went.</summary>
/// <param name="Stamp">The file as it was when last read, successfully or not; a different stamp means reload.</param>
internal sealed record SourceState(SourceDefinition Definition, SourceSnapshot? Snapshot, SourceLoadFailure? LastFailure, FileStamp Stamp)
{
    public string Name => Definition.Name;

    /// <summary>The first load under way, with how far it has come; null once the source serves or failed.</summary>
    public LoadProgress? Progress { get; init; }

    /// <summary>Serving a snapshot; a failed reload leaves the previous one serving.</summary>
    public bool IsReady => Snapshot is not null;

    /// <summary>No snapshot yet, and the first load is under way.</summary>
    public bool IsLoading => Snapshot is null && Progress is not null;

    public string Status => (Snapshot, LastFailure) switch
    {
        (not null, null) => "ready",
        (not null, not null) => "reload_failed",
        _ when Progress is not null => "loading",
        _ => "failed",
    };
}

/// <summary>Why the last load of a source failed, and when.</summary>
internal sealed record SourceLoadFailure(string Message, DateTimeOffset At);
