namespace Udc.Engine.Policies;

/// <summary>What a column policy does to a column's values before any surface reads them.</summary>
internal enum ColumnRule
{
    /// <summary>The column is not there: not listed, not returned, and a filter, sort or group on it is an unknown column.</summary>
    Hide,

    /// <summary>Every non-null value reads <c>****</c>: the column's presence and nulls show, nothing of its values.</summary>
    Mask,

    /// <summary>Every value reads as a keyed hash (<c>h_</c> and 16 hex digits): equal values stay equal, so counting and joining by it still work.</summary>
    Hash,

    /// <summary>A hint of the value: <c>j***@example.com</c> for an email, the last four characters of a longer value, the first of a short one.</summary>
    Partial,
}

internal static class ColumnRules
{
    public static readonly string[] Names = ["hide", "mask", "hash", "partial"];

    public static bool TryParse(string? text, out ColumnRule rule)
    {
        rule = default;
        var index = Array.IndexOf(Names, text?.Trim().ToLowerInvariant());
        if (index < 0)
        {
            return false;
        }
        rule = (ColumnRule)index;
        return true;
    }

    public static string Name(this ColumnRule rule) => Names[(int)rule];
}
