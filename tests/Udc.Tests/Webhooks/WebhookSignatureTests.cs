using System.Text;
using Udc.Webhooks;

namespace Udc.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] s_key = Encoding.UTF8.GetBytes("a-secret-of-more-than-16-bytes");
    private static readonly byte[] s_otherKey = Encoding.UTF8.GetBytes("another-secret-of-16-plus-bytes");
    private static readonly byte[] s_body = """{"source":"crm"}"""u8.ToArray();
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static SignatureCheck Verify(string? signature, long timestamp = 1_700_000_000, byte[]? body = null, params byte[][] keys) =>
        WebhookSignature.Verify("msg_1", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body ?? s_body, keys.Length == 0 ? [s_key] : keys, s_now);

    [Fact]
    public void Verify_SignedWithSecret_IsValid()
    {
        Assert.Equal(SignatureCheck.Valid, Verify(WebhookSignature.Sign("msg_1", 1_700_000_000, s_body, s_key)));
    }

    [Fact]
    public void Verify_KnownVector_MatchesStandardWebhooksReference()
    {
        // The Standard Webhooks specification's example: secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw.
        var key = Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var body = """{"test": 2432232314}"""u8.ToArray();
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, key));
    }

    [Fact]
    public void Verify_SeveralSignaturesOrSecrets_AnyMatchPasses()
    {
        var good = WebhookSignature.Sign("msg_1", 1_700_000_000, s_body, s_key);
        Assert.Equal(SignatureCheck.Valid, Verify("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + good));
        Assert.Equal(SignatureCheck.Valid, Verify(good, keys: [s_otherKey, s_key]));
    }

    [Fact]
    public void Verify_TamperedBodyOrWrongSecret_IsInvalid()
    {
        var good = WebhookSignature.Sign("msg_1", 1_700_000_000, s_body, s_key);
        Assert.Equal(SignatureCheck.Invalid, Verify(good, body: """{"source":"crn"}"""u8.ToArray()));
        Assert.Equal(SignatureCheck.Invalid, Verify(good, keys: [s_otherKey]));
        Assert.Equal(SignatureCheck.Invalid, Verify("v2," + good[3..]));
        Assert.Equal(SignatureCheck.Invalid, Verify("v1,not-base64"));
    }

    [Theory]
    [InlineData(1_700_000_000 - 301)]
    [InlineData(1_700_000_000 + 301)]
    public void Verify_OutsideFiveMinutes_IsExpired(long timestamp)
    {
        Assert.Equal(SignatureCheck.Expired, Verify(WebhookSignature.Sign("msg_1", timestamp, s_body, s_key), timestamp));
    }

    [Fact]
    public void Verify_MissingHeaders_IsMissing()
    {
        Assert.Equal(SignatureCheck.Missing, Verify(null));
    }
}
