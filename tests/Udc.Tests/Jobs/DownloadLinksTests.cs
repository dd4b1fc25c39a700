using System.Text.RegularExpressions;
using Udc.Jobs;

namespace Udc.Tests.Jobs;

public sealed partial class DownloadLinksTests
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DownloadLinks s_links = new(new byte[32]);

    [GeneratedRegex("expires=(?<expires>[0-9]+)&signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex Query();

    private static (string Expires, string Signature) Parts(string path)
    {
        var match = Query().Match(path);
        return (match.Groups["expires"].Value, match.Groups["signature"].Value);
    }

    [Fact]
    public void Check_UnchangedLinkBeforeItsTime_Valid()
    {
        var (expires, signature) = Parts(s_links.PathFor("job-1", s_now.AddHours(1)));

        Assert.Equal(DownloadCheck.Valid, s_links.Check("job-1", expires, signature, s_now));
        Assert.Equal(DownloadCheck.Expired, s_links.Check("job-1", expires, signature, s_now.AddHours(1).AddSeconds(1)));
    }

    [Fact]
    public void Check_AnotherJobALaterExpiryOrAnotherKey_Invalid()
    {
        var (expires, signature) = Parts(s_links.PathFor("job-1", s_now.AddHours(1)));

        Assert.Equal(DownloadCheck.Invalid, s_links.Check("job-2", expires, signature, s_now));
        Assert.Equal(DownloadCheck.Invalid, s_links.Check("job-1", (long.Parse(expires, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), signature, s_now));
        Assert.Equal(DownloadCheck.Invalid, new DownloadLinks(Enumerable.Repeat((byte)1, 32).ToArray()).Check("job-1", expires, signature, s_now));
        Assert.Equal(DownloadCheck.Invalid, s_links.Check("job-1", null, signature, s_now));
        Assert.Equal(DownloadCheck.Invalid, s_links.Check("job-1", "-5", signature, s_now));
    }
}
