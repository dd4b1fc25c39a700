namespace Udc.Engine.Query;

/// <summary>The bounds the seed's contract sets on a query, and the ones UDC adds to stay safe.</summary>
internal static class QueryLimits
{
    public const int DefaultPageSize = 10;

    /// <summary>The seed's maximum: more rows than a model or a listener can use in one answer.</summary>
    public const int MaxPageSize = 50;

    /// <summary>Pages past this are refused: with 50 rows a page it is 50 million rows deep, past any source.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>A filter value list longer than this is a mistake or an attack, not a question.</summary>
    public const int MaxOperands = 1_000;

    /// <summary>Free text and filter values are bounded so a query string cannot turn into a denial of service.</summary>
    public const int MaxValueLength = 1_000;
}
