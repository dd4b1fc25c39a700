using System.Diagnostics.CodeAnalysis;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Hosting;

namespace Udc.Reading;

/// <summary>
/// The one lookup of a source by name for a caller, on every surface (<c>/data</c>, <c>/sources</c>, exports, tools,
/// resources, the fast path): outside the caller's key (checked first, so the answer is the same whether the
/// source exists or not), unknown, or not loaded. A list of sources in an error names only those the caller may
/// read, so a key limited to some sources learns no other source's name.
/// </summary>
internal sealed class SourceResolver(SourceCatalog catalog)
{
    public SourceCatalog Catalog => catalog;

    /// <summary>The sources the caller may read, in name order.</summary>
    public IEnumerable<SourceState> Readable(ClientIdentity? caller) =>
        caller?.Sources is null ? catalog.Sources : catalog.Sources.Where(s => caller.CanRead(s.Name));

    /// <summary>A source the caller may read, loaded or not (a description reports a failed load).</summary>
    /// <param name="location">Where the caller wrote the name: <c>["path", "source"]</c>, <c>["arguments", "source"]</c>.</param>
    public bool TryFind(string name, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceState? state, [NotNullWhen(false)] out ReadError? error)
    {
        state = null;
        if (caller?.CanRead(name) == false)
        {
            error = Forbidden(name, location);
            return false;
        }
        if (!catalog.TryGet(name, out state))
        {
            var known = string.Join(", ", Readable(caller).Select(s => s.Name));
            error = new ReadError(400, ErrorCodes.UnknownSource, $"Unknown data source '{TextClip.Clip(name, 64)}'. Available sources: {known}.",
                [new ValidationIssue(location, $"valid sources: {known}", "enum")]);
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>A loaded source the caller may read.</summary>
    public bool TryResolve(string name, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out ReadError? error)
    {
        snapshot = null;
        if (!TryFind(name, caller, location, out var state, out error))
        {
            return false;
        }
        if (state is { Snapshot: null, Progress: { } progress })
        {
            error = SourceLoadingResponse.ForSource(state, progress);
            return false;
        }
        if (state.Snapshot is null)
        {
            error = new ReadError(503, ErrorCodes.SourceNotReady, $"Source '{state.Name}' is not ready: {state.LastFailure?.Message ?? "it has not loaded yet"}", []);
            return false;
        }
        snapshot = state.Snapshot;
        return true;
    }

    /// <summary>The 403 of a source outside the caller's key, whether it exists or not.</summary>
    public static ReadError Forbidden(string name, IReadOnlyList<string> location) =>
        new(403, ErrorCodes.SourceForbidden, SourceAccess.ForbiddenMessage(name), [SourceAccess.ForbiddenIssue(location)]);
}
