using Udc.Access;

namespace Udc.Tests.Access;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generate_ThenParse_RoundTripsIdAndSecretHash()
    {
        var (id, plaintext, hash) = ApiKeyFormat.Generate();
        Assert.StartsWith("udc_" + id + "_", plaintext);
        Assert.Equal(ApiKeyFormat.Length, plaintext.Length);
        Assert.True(ApiKeyFormat.TryParse(plaintext, out var parsedId, out var secret));
        Assert.Equal(id, parsedId.ToString());
        Assert.Equal(hash, ApiKeyFormat.HashSecret(secret));
    }

    [Fact]
    public void Generate_TwoKeys_Differ()
    {
        Assert.NotEqual(ApiKeyFormat.Generate().Plaintext, ApiKeyFormat.Generate().Plaintext);
    }

    [Fact]
    public void TryParse_AnyCharacterChanged_FailsChecksum()
    {
        var (_, plaintext, _) = ApiKeyFormat.Generate();
        for (var i = 4; i < plaintext.Length; i++)
        {
            if (plaintext[i] == '_')
            {
                continue;
            }
            var chars = plaintext.ToCharArray();
            chars[i] = chars[i] == 'a' ? 'b' : 'a';
            Assert.False(ApiKeyFormat.TryParse(new string(chars), out _, out _), $"changed at {i}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("udc_")]
    [InlineData("sk-live-0123456789")]
    [InlineData("udc_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBCCCCCC")]
    [InlineData("udc_AAAA-AAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBCCCCCC")]
    public void TryParse_Malformed_Fails(string key)
    {
        Assert.False(ApiKeyFormat.TryParse(key, out _, out _));
    }

    [Fact]
    public void AdminKey_ComparesWholeValue()
    {
        var admin = new Udc.Hosting.AdminKey("admin-key-0123456789");
        Assert.True(admin.Matches("admin-key-0123456789"));
        Assert.False(admin.Matches("admin-key-012345678"));
        Assert.False(admin.Matches(""));
        Assert.False(new Udc.Hosting.AdminKey(null).Matches("anything"));
    }
}
