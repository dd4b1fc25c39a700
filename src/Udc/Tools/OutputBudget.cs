using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Tools;

/// <summary>
/// The one bound on what a tool returns to a model, whichever surface asked: the result is kept within
/// <see cref="Tokens"/> by returning fewer items (rows, groups, columns, sources) with a cursor for the rest, and no
/// text value may take more than <see cref="MaxTextBytes"/>, so one huge cell cannot blow the budget either.
/// Tokens are estimated from the JSON's UTF-8 size, so the check costs nothing beyond writing the result.
/// </summary>
internal readonly record struct OutputBudget(int Tokens)
{
    public const int DefaultTokens = 2_000;

    /// <summary>Below about 100 tokens not even the metadata of a page fits.</summary>
    public const int MinTokens = 100;

    /// <summary>100,000 tokens is most of any model's context window; more is never one answer.</summary>
    public const int MaxTokens = 100_000;

    /// <summary>
    /// About four bytes of JSON per token: the common estimate for English text with tokenizers of the GPT and
    /// Claude families, and slightly pessimistic for JSON punctuation, which often tokenizes one byte a token.
    /// </summary>
    public const int BytesPerToken = 4;

    /// <summary>A text value under 300 bytes (a subject, a name, an address) is never cut, whatever the budget.</summary>
    public const int MinTextBytes = 300;

    public static OutputBudget Default { get; } = new(DefaultTokens);

    /// <summary>One value may take a quarter of the budget: with the default 2,000 tokens, 2,000 bytes of text.</summary>
    public int MaxTextBytes => Math.Max(MinTextBytes, Tokens * BytesPerToken / 4);

    public static int Estimate(long bytes) => (int)((bytes + BytesPerToken - 1) / BytesPerToken);

    /// <summary>
    /// Writes the document with the most items that fits: all <paramref name="available"/> when they fit,
    /// else the largest count found by bisection. At least one item is always returned when there is one,
    /// so a budget smaller than a single item still makes progress instead of looping on an empty cursor.
    /// </summary>
    /// <param name="write">Writes the whole document with the first <c>count</c> items.</param>
    /// <returns>The item count written into <paramref name="buffer"/>.</returns>
    public int Fit(ArrayBufferWriter<byte> buffer, int available, Action<Utf8JsonWriter, int> write)
    {
        var budgetTokens = Tokens;
        if (WriteFits(buffer, available, budgetTokens, write) || available <= 1)
        {
            return available;
        }
        // Invariant: low fits (or is the minimum of one), high does not.
        int low = 1, high = available;
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (WriteFits(buffer, middle, budgetTokens, write))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        WriteFits(buffer, low, budgetTokens, write);
        return low;
    }

    private static bool WriteFits(ArrayBufferWriter<byte> buffer, int count, int budgetTokens, Action<Utf8JsonWriter, int> write)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            write(writer, count);
        }
        return Estimate(buffer.WrittenCount) <= budgetTokens;
    }
}
