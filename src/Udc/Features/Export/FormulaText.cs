using System.Buffers;

namespace Udc.Features.Export;

/// <summary>
/// Spreadsheet formula injection: text starting with one of these characters may be run as a formula by the
/// program that opens an export (OWASP's list). CSV prefixes such text with <see cref="Escape"/>; XLSX marks
/// the cell as text, which keeps the value exactly.
/// </summary>
internal static class FormulaText
{
    public const string InjectionCharacters = "=+-@\t\r";

    public const char Escape = '\'';

    private static readonly SearchValues<byte> s_starts = SearchValues.Create("=+-@\t\r"u8);

    public static bool StartsLikeFormula(ReadOnlySpan<byte> utf8) => !utf8.IsEmpty && s_starts.Contains(utf8[0]);
}
