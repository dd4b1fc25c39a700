namespace Udc.Jobs;

/// <summary>What happens to personal data found in a vendor's result (<c>UDC_VENDOR_{NAME}_PII</c>).</summary>
internal enum PiiPolicy
{
    /// <summary>Replaced by its kind (<c>[email]</c>; a card keeps its last four digits: <c>[card ****1111]</c>).</summary>
    Mask,

    /// <summary>Replaced by a keyed hash (<c>[email:9f2c4e1a0b3d]</c>): equal values stay equal, so results can still be joined.</summary>
    Hash,

    /// <summary>Removed from the text.</summary>
    Drop,

    /// <summary>Left as it is (a vendor whose results are known to hold none); strings are still trimmed.</summary>
    Off,
}
