using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Udc.Engine.Columns;

/// <summary>Case folding for free-text search: ASCII in place, anything else through invariant lower-casing.</summary>
internal static class TextFolding
{
    /// <summary>Appends the lower-cased form of <paramref name="utf8"/> to <paramref name="destination"/>.</summary>
    public static void Fold(ReadOnlySpan<byte> utf8, ArrayBufferWriter<byte> destination)
    {
        if (Ascii.IsValid(utf8))
        {
            var span = destination.GetSpan(utf8.Length);
            Ascii.ToLower(utf8, span, out var written);
            destination.Advance(written);
            return;
        }

        var text = Encoding.UTF8.GetString(utf8).ToLowerInvariant();
        var target = destination.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Utf8.FromUtf16(text, target, out _, out var bytesWritten);
        destination.Advance(bytesWritten);
    }

    public static byte[] Fold(string text) => Encoding.UTF8.GetBytes(text.ToLowerInvariant());
}
