namespace Udc.Features.Export.Xlsx;

/// <summary>A1-style references: column letters (A, Z, AA, XFD) and cell ranges.</summary>
internal static class CellReference
{
    /// <summary>The letters of a 0-based column index, as UTF-8.</summary>
    public static byte[] ColumnLetters(int index)
    {
        Span<byte> letters = stackalloc byte[4];
        var start = letters.Length;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters[--start] = (byte)('A' + ((n - 1) % 26));
        }
        return letters[start..].ToArray();
    }
}
