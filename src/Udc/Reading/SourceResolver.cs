using System.Diagnostics.CodeAnalysis;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Policies;
using Udc.Engine.Query;
using Udc.Engine.Versions;
using Udc.Hosting;

namespace Udc.Reading;

/// <summary>
/// The one lookup of a source by name for a caller, on every surface (<c>/data</c>, <c>/sources</c>, exports, tools,
/// resources, the fast path): outside the caller's key (checked first, so the answer is the same whether the
/// source exists or not), unknown, or not loaded. A list of sources in an error names only those the caller may
/// read, so a key limited to some sources learns no other source's name.
/// </summary>
internal sealed class SourceResolver(SourceCatalog catalog, SnapshotHistory? history, PolicyViews views, PolicySettings policies)
{
    public SnapshotHistory? History => history;

    public SourceCatalog Catalog => catalog;

    /// <summary>The sources the caller may read, in name order, each as the caller's policy shows it.</summary>
    public IEnumerable<SourceState> Readable(ClientIdentity? caller)
    {
        var states = caller?.Sources is null ? catalog.Sources : catalog.Sources.Where(s => caller.CanRead(s.Name));
        return caller?.Policy is null ? states : states.Select(s => View(s, caller));
    }

    /// <summary>A source the caller may read, loaded or not (a description reports a failed load), as its policy shows it.</summary>
    /// <param name="location">Where the caller wrote the name: <c>["path", "source"]</c>, <c>["arguments", "source"]</c>.</param>
    public bool TryFind(string name, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceState? state, [NotNullWhen(false)] out ReadError? error)
    {
        if (!TryFindRaw(name, caller, location, out state, out error))
        {
            return false;
        }
        state = View(state, caller);
        return true;
    }

    private bool TryFindRaw(string name, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceState? state, [NotNullWhen(false)] out ReadError? error)
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

    /// <summary>A loaded source the caller may read, as its policy shows it.</summary>
    public bool TryResolve(string name, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out ReadError? error) =>
        TryResolveRaw(name, caller, location, out var source, out error) ? TryView(source, caller, location, out snapshot, out error) : Fail(out snapshot);

    private static bool Fail(out SourceSnapshot? snapshot)
    {
        snapshot = null;
        return false;
    }

    private bool TryResolveRaw(string name, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out ReadError? error)
    {
        snapshot = null;
        if (!TryFindRaw(name, caller, location, out var state, out error))
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

    /// <summary>
    /// The one place a caller's row and column policies are applied: every surface reads the snapshot this returns, so
    /// none can forget them. A policy that cannot apply (its row filter names a column the source lacks) is a 403:
    /// nothing is read rather than everything.
    /// </summary>
    private bool TryView(SourceSnapshot source, ClientIdentity? caller, IReadOnlyList<string> location, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out ReadError? error)
    {
        error = null;
        snapshot = source;
        Audit.ReadLedger.Current?.AddSource(source.Name);
        if (caller?.Policy is not { } policy)
        {
            return true;
        }
        var view = views.For(source, policy.For(source.Name, source.Table, policies.TenantColumn));
        if (view.Snapshot is { } shown)
        {
            snapshot = shown;
            return true;
        }
        error = new ReadError(403, ErrorCodes.PolicyNotApplicable, $"This caller's row policy cannot be applied to source '{source.Name}', so nothing is read: {view.Problem}",
            [new ValidationIssue(location, "the caller's row policy does not apply to this source", "permission_error")]);
        snapshot = null;
        return false;
    }

    /// <summary>A state whose snapshot is the caller's view; a policy that cannot apply reads as a failed load that says why.</summary>
    private SourceState View(SourceState state, ClientIdentity? caller)
    {
        if (caller?.Policy is not { } policy || state.Snapshot is not { } snapshot)
        {
            return state;
        }
        var view = views.For(snapshot, policy.For(snapshot.Name, snapshot.Table, policies.TenantColumn));
        return view.Snapshot is { } shown
            ? state with { Snapshot = shown }
            : state with { Snapshot = null, LastFailure = new SourceLoadFailure(view.Problem!, snapshot.LoadedAt) };
    }

    /// <summary>
    /// A loaded source the caller may read, in the version the request asks for (<c>version</c> or <c>as_of</c>), else
    /// the current one. A version no longer held is a validation error that lists the versions there are.
    /// </summary>
    public bool TryResolve(string name, ClientIdentity? caller, IReadOnlyList<string> location, DataRequest request, RequestOrigin origin, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out ReadError? error)
    {
        if (!TryResolveRaw(name, caller, location, out snapshot, out error))
        {
            return false;
        }
        if (Audit.ReadLedger.Current is { } ledger)
        {
            ledger.AddFilters(Audit.AuditFilters.Describe(request, caller?.Policy?.For(snapshot.Name, snapshot.Table, policies.TenantColumn)));
        }
        if (request.Version is null && request.AsOf is null)
        {
            return TryView(snapshot, caller, location, out snapshot, out error);
        }
        var (parameter, asOf) = (QueryParameters.Version, (DateTimeOffset?)null);
        if (request.Version is null)
        {
            parameter = QueryParameters.AsOf;
            if (!Engine.Loading.TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(request.AsOf!.Trim()), out var ms, out var dateOnly))
            {
                error = Invalid(origin.Parameter(parameter, $"'{TextClip.Clip(request.AsOf!, 40)}' is not a date; use YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-15T10:30:00Z", "date_parsing"));
                snapshot = null;
                return false;
            }
            // A bare date means as of the end of that day.
            asOf = DateTimeOffset.FromUnixTimeMilliseconds(dateOnly ? ms + TimeSpan.MillisecondsPerDay - 1 : ms);
        }
        else if (request.AsOf is not null)
        {
            error = Invalid(origin.Parameter(QueryParameters.AsOf, "give version or as_of, not both"));
            snapshot = null;
            return false;
        }
        var lookup = history?.Find(snapshot.Name, request.Version, asOf);
        if (lookup?.Version is { } found)
        {
            return TryView(found.Snapshot, caller, location, out snapshot, out error);
        }
        var held = lookup is { Available.Count: > 0 } l
            ? $"versions held: {string.Join(", ", l.Available.Select(v => $"{v.Number} (from {v.PublishedAt:yyyy-MM-ddTHH:mm:ssZ})"))}"
            : "this server keeps no versions of it";
        var what = request.Version is { } number ? $"source '{snapshot.Name}' has no version {number}" : $"source '{snapshot.Name}' has no version as of {request.AsOf}";
        error = Invalid(origin.Parameter(parameter, $"{what}; {held}"));
        snapshot = null;
        return false;
    }

    private static ReadError Invalid(ValidationIssue issue) => new(422, ErrorCodes.Validation, "Invalid request parameters", [issue]);

    /// <summary>The 403 of a source outside the caller's key, whether it exists or not.</summary>
    public static ReadError Forbidden(string name, IReadOnlyList<string> location) =>
        new(403, ErrorCodes.SourceForbidden, SourceAccess.ForbiddenMessage(name), [SourceAccess.ForbiddenIssue(location)]);
}
