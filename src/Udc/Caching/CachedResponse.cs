namespace Udc.Caching;

/// <summary>A rendered JSON body, its ETag, and until when it may be served.</summary>
internal sealed record CachedResponse(byte[] Body, string ETag, string Source, long ExpiresAtMilliseconds)
{
    /// <summary>A strong validator from the body's bytes: the same body has the same ETag on every replica.</summary>
    public static string ETagOf(ReadOnlySpan<byte> body) =>
        "\"" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(body)) + "\"";

    /// <summary>Redis value: the ETag's length, the ETag, then the body.</summary>
    public byte[] ToRedisValue()
    {
        var etag = System.Text.Encoding.ASCII.GetBytes(ETag);
        var value = new byte[1 + etag.Length + Body.Length];
        value[0] = (byte)etag.Length;
        etag.CopyTo(value, 1);
        Body.CopyTo(value, 1 + etag.Length);
        return value;
    }

    public static CachedResponse? FromRedisValue(byte[]? value, string source, long expiresAt)
    {
        if (value is not { Length: > 1 } || value.Length < 1 + value[0])
        {
            return null;
        }
        var etag = System.Text.Encoding.ASCII.GetString(value, 1, value[0]);
        return new CachedResponse(value[(1 + value[0])..], etag, source, expiresAt);
    }
}
