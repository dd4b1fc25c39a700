namespace Udc.Engine.Query;

/// <summary>
/// Where a request's values were written, so every issue points there: <c>["query", "page_size"]</c> for a query
/// string, <c>["arguments", "page_size"]</c> and <c>["arguments", "filters", "stauts"]</c> for a tool call.
/// </summary>
/// <param name="ParameterPath">The location of a named parameter, before its name.</param>
/// <param name="FilterPath">The location of a filter, before its key.</param>
/// <param name="OtherParameters">Named parameters a caller may have meant where it wrote an unknown filter key.</param>
internal sealed record RequestOrigin(IReadOnlyList<string> ParameterPath, IReadOnlyList<string> FilterPath, IReadOnlyList<string> OtherParameters)
{
    public static readonly RequestOrigin QueryString = new(["query"], ["query"], QueryParameters.All);

    public static readonly RequestOrigin ToolArguments = new(["arguments"], ["arguments", "filters"], []);

    public ValidationIssue Parameter(string name, string message, string type = "value_error") => new([.. ParameterPath, name], message, type);

    public ValidationIssue Filter(string key, string message, string type = "value_error") => new([.. FilterPath, key], message, type);
}
