using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Udc.Jobs;

/// <summary>
/// Signed, expiring links to a finished export: <c>/jobs/{id}/download?expires={unix seconds}&amp;signature={hex}</c>,
/// the signature an HMAC-SHA256 of <c>{id}.{expires}</c> under the database's <c>download_key</c>. The link is the
/// credential (it can be handed to a browser or a spreadsheet tool), so it names one file and stops working when
/// it expires; every replica sharing the database accepts it.
/// </summary>
internal sealed class DownloadLinks(byte[] key)
{
    /// <summary>A day: long enough to fetch a file started before a meeting, short enough that a leaked link dies.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public string PathFor(string jobId, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"/jobs/{Uri.EscapeDataString(jobId)}/download?expires={seconds}&signature={Signature(jobId, seconds)}";
    }

    public DownloadCheck Check(string jobId, string? expires, string? signature, DateTimeOffset now)
    {
        if (expires is null || signature is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DownloadCheck.Invalid;
        }
        var expected = Encoding.ASCII.GetBytes(Signature(jobId, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return DownloadCheck.Invalid;
        }
        return now.ToUnixTimeSeconds() > seconds ? DownloadCheck.Expired : DownloadCheck.Valid;
    }

    private string Signature(string jobId, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{jobId}.{expires}")));
}

internal enum DownloadCheck
{
    Valid,
    Invalid,
    Expired,
}
