using System.Diagnostics.CodeAnalysis;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Hosting;

namespace Udc.Features.Data;

/// <summary>Finds the snapshot a request is about, or the error that says why there is none.</summary>
internal static class SourceLookup
{
    public static bool TryResolve(SourceCatalog catalog, string name, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out IResult? error)
    {
        snapshot = null;
        if (!catalog.TryGet(name, out var state))
        {
            var known = string.Join(", ", catalog.Names);
            error = ApiError.Create(StatusCodes.Status400BadRequest, ErrorCodes.UnknownSource, $"Unknown data source '{Clip(name)}'. Available sources: {known}.",
                [new ValidationIssue(["path", "source"], $"valid sources: {known}", "enum")]);
            return false;
        }
        if (state is { Snapshot: null, Progress: { } progress })
        {
            error = SourceLoadingResponse.ForSource(state, progress);
            return false;
        }
        if (state.Snapshot is null)
        {
            error = ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.SourceNotReady,
                $"Source '{name}' is not ready: {state.LastFailure?.Message ?? "it has not loaded yet"}");
            return false;
        }
        snapshot = state.Snapshot;
        error = null;
        return true;
    }

    private static string Clip(string text) => TextClip.Clip(text, 64);
}
