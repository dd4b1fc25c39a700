using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Udc.Jobs;

/// <summary>
/// Removes personal data from text: emails, IBANs (mod-97 checked), card numbers (Luhn checked), IP addresses and
/// phone numbers (international and national formats, 8 to 15 digits), each masked, hashed or dropped by the
/// vendor's <see cref="PiiPolicy"/>; every string is trimmed. A number that looks like a card but fails Luhn, a
/// date, a version or an order id stays as it is.
/// </summary>
internal sealed class PiiCleaner(byte[] hashKey)
{
    /// <summary>12 hex digits (48 bits) of HMAC-SHA256: distinct values do not collide in any realistic result set.</summary>
    private const int HashHexDigits = 12;

    public string Clean(string text, PiiPolicy policy)
    {
        text = text.Trim();
        if (policy == PiiPolicy.Off || text.Length < 6)
        {
            return text;
        }
        text = Replace(text, PiiPatterns.Email(), PiiKind.Email, policy);
        text = Replace(text, PiiPatterns.Iban(), PiiKind.Iban, policy);
        text = Replace(text, PiiPatterns.Card(), PiiKind.Card, policy);
        text = Replace(text, PiiPatterns.Ipv6(), PiiKind.Ip, policy);
        text = Replace(text, PiiPatterns.Ipv4(), PiiKind.Ip, policy);
        text = Replace(text, PiiPatterns.Phone(), PiiKind.Phone, policy);
        return policy == PiiPolicy.Drop ? text.Trim() : text;
    }

    /// <summary>A JSON number that is a valid card number (13 to 19 digits, Luhn) is cleaned like one; null when it is not.</summary>
    public string? CleanNumber(string raw, PiiPolicy policy) =>
        policy != PiiPolicy.Off && raw.Length is >= 13 and <= 19 && raw.All(char.IsAsciiDigit) && Luhn(raw) ? Replacement(PiiKind.Card, raw, policy) : null;

    private string Replace(string text, Regex pattern, PiiKind kind, PiiPolicy policy) =>
        pattern.Replace(text, match => Valid(kind, match.Value) is { } found
            ? match.Value.Replace(found, Replacement(kind, found, policy), StringComparison.Ordinal)
            : match.Value);

    /// <summary>The part of a candidate that passes its kind's check, or null when none does.</summary>
    private static string? Valid(PiiKind kind, string candidate)
    {
        switch (kind)
        {
            case PiiKind.Email:
                return candidate;
            case PiiKind.Card:
                return Luhn(Digits(candidate)) ? candidate : null;
            case PiiKind.Iban:
                // The pattern may run on into a following upper-case word: the longest prefix that checks out is the IBAN.
                for (var end = candidate.Length; end >= 15; end--)
                {
                    if (char.IsAsciiLetterOrDigit(candidate[end - 1]) && Mod97(candidate[..end]))
                    {
                        return candidate[..end];
                    }
                }
                return null;
            case PiiKind.Ip:
                return IPAddress.TryParse(candidate, out var address)
                    && (address.AddressFamily == AddressFamily.InterNetwork || candidate.Count(c => c == ':') >= 2) ? candidate : null;
            default:
                var digits = Digits(candidate).Length;
                return digits is >= 8 and <= 15 ? candidate : null;
        }
    }

    private string Replacement(PiiKind kind, string value, PiiPolicy policy)
    {
        var name = kind.ToString().ToLowerInvariant();
        switch (policy)
        {
            case PiiPolicy.Drop:
                return "";
            case PiiPolicy.Hash:
                var normal = kind switch
                {
                    PiiKind.Email => value.ToLowerInvariant(),
                    PiiKind.Card or PiiKind.Phone => Digits(value),
                    PiiKind.Iban => value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
                    _ => value.ToLowerInvariant(),
                };
                var hash = HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(normal));
                return $"[{name}:{Convert.ToHexStringLower(hash)[..HashHexDigits]}]";
            default:
                return kind == PiiKind.Card ? $"[card ****{Digits(value)[^4..]}]" : $"[{name}]";
        }
    }

    private static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    public static bool Luhn(string digits)
    {
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters become 10..35, the number mod 97 is 1.</summary>
    public static bool Mod97(string iban)
    {
        var compact = iban.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length is < 15 or > 34)
        {
            return false;
        }
        var remainder = 0;
        foreach (var c in compact[4..] + compact[..4])
        {
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }
        return remainder == 1;
    }
}
