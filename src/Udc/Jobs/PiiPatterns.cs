using System.Text.RegularExpressions;

namespace Udc.Jobs;

/// <summary>
/// The candidate patterns of <see cref="PiiCleaner"/>, source-generated. They are deliberately wide: each match is
/// then checked (Luhn for cards, mod-97 for IBANs, a parse for IPs, a digit count for phones), so a pattern's job
/// is to miss nothing and the check's job is to keep order numbers, dates and versions as they are.
/// </summary>
internal static partial class PiiPatterns
{
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    public static partial Regex Email();

    /// <summary>Two letters, two check digits, then 11 to 30 letters or digits, optionally in groups.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![a-z0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex Iban();

    /// <summary>13 to 19 digits, optionally grouped by single spaces or dashes, not inside a longer run of digits.</summary>
    [GeneratedRegex(@"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex Card();

    /// <summary>Dotted quads not inside a longer dotted number (a version such as 1.2.3.4.5 is not an address).</summary>
    [GeneratedRegex(@"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?!\.?[0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex Ipv4();

    [GeneratedRegex(@"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![0-9A-Fa-f:])", RegexOptions.CultureInvariant)]
    public static partial Regex Ipv6();

    /// <summary>
    /// International (<c>+</c> and a country code, then groups), North American (<c>(415) 555-2671</c>,
    /// <c>415-555-2671</c>) and national numbers with a trunk 0 (<c>020 7946 0958</c>, <c>030/1234 5678</c>).
    /// </summary>
    [GeneratedRegex(@"(?<![0-9+])(?:\+[1-9][0-9]{0,3}(?:[ .-]?\(?[0-9]{1,5}\)?){2,6}|(?:\([0-9]{3}\) ?|[0-9]{3}[-. ])[0-9]{3}[-. ][0-9]{4}|0[0-9]{1,4}[ /-][0-9]{2,4}(?:[ -]?[0-9]{2,4}){1,3})(?![0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex Phone();
}
