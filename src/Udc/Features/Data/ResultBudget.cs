namespace Udc.Features.Data;

/// <summary>
/// Bounds on a response that goes into a model's context rather than to a client: the bytes of rows (or
/// groups) written, and the bytes of any one text value. <see cref="None"/> writes everything, as /data does.
/// </summary>
/// <param name="MaxDataBytes">Rows stop once this many bytes of them are written; the rest are counted as omitted.</param>
/// <param name="MaxStringBytes">A longer text value is cut at a character boundary and ends with "…".</param>
internal readonly record struct ResultBudget(int MaxDataBytes, int MaxStringBytes)
{
    public static ResultBudget None { get; } = new(int.MaxValue, int.MaxValue);

    public bool IsLimited => MaxDataBytes != int.MaxValue || MaxStringBytes != int.MaxValue;

    /// <summary>A token is about four bytes of JSON text, the usual estimate for English and JSON.</summary>
    public const int BytesPerToken = 4;

    /// <summary>What metadata, keys and punctuation take besides the rows: about 300 tokens.</summary>
    private const int MetadataBytes = 1_200;

    /// <summary>
    /// A budget of <paramref name="tokens"/> estimated tokens for a whole result; one text value may take at most
    /// 300 bytes, enough for a subject or a name and short of a pasted document.
    /// </summary>
    public static ResultBudget ForTokens(int tokens) => new(Math.Max(BytesPerToken * tokens - MetadataBytes, 256), 300);
}
