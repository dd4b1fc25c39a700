namespace Udc.Engine.Query;

/// <summary>The parameter names of the seed's contract that are not column filters.</summary>
internal static class QueryParameters
{
    public const string Page = "page";
    public const string PageSize = "page_size";
    public const string Sort = "sort";
    public const string Fields = "fields";
    public const string Text = "query";
    public const string Stream = "stream";
    public const string StartDate = "start_date";
    public const string EndDate = "end_date";
    public const string Version = "version";
    public const string AsOf = "as_of";

    /// <summary>A row window's names (SQL's OFFSET and LIMIT): issues about them are reported here.</summary>
    public const string Offset = "offset";
    public const string Limit = "limit";

    public static readonly string[] All = [Page, PageSize, Sort, Fields, Text, Stream, StartDate, EndDate, Version, AsOf];
}
