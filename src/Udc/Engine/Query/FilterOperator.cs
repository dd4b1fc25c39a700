namespace Udc.Engine.Query;

/// <summary>The comparison a filter applies; spelled <c>{column}__{operator}</c> in a query string.</summary>
internal enum FilterOperator
{
    /// <summary>Equal to any of the values (<c>status=open,pending</c>, <c>status__in=...</c>).</summary>
    In,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,

    /// <summary>Case-insensitive substring.</summary>
    Contains,

    /// <summary>Case-insensitive prefix.</summary>
    StartsWith,

    /// <summary><c>true</c> keeps null values, <c>false</c> the others.</summary>
    IsNull,

    /// <summary>Case-insensitive SQL pattern: <c>%</c> any run of characters, <c>_</c> one character.</summary>
    Like,
}
