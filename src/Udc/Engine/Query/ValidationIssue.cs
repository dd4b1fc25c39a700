namespace Udc.Engine.Query;

/// <summary>
/// One problem with a request, in the seed's shape: where (<c>["query", "page_size"]</c>), what, and its kind.
/// The message names what would have been valid, so a model can correct its call.
/// </summary>
internal sealed record ValidationIssue(IReadOnlyList<string> Loc, string Msg, string Type)
{
    public static ValidationIssue Query(string parameter, string message, string type = "value_error") => new(["query", parameter], message, type);
}
