using System.Text;
using Udc.Access;
using Udc.Hosting;

namespace Udc.Tests.Access;

public sealed class PolicySettingsTests
{
    [Fact]
    public void Read_NoHashKey_EachProcessDrawsItsOwn32Bytes()
    {
        var first = PolicySettings.Read(new SettingsReader(_ => null)).HashKey;
        var second = PolicySettings.Read(new SettingsReader(_ => null)).HashKey;

        Assert.Equal(32, first.Length);
        Assert.Equal(32, second.Length);
        Assert.NotEqual(first, second);
        Assert.Contains(first, b => b != 0);
    }

    [Fact]
    public void Read_HashKeyGiven_UsedByteForByte()
    {
        const string secret = "a-hash-key-of-at-least-32-characters!";
        var settings = PolicySettings.Read(new SettingsReader(name => name == PolicySettings.HashKeyVariable ? secret : null));

        Assert.Equal(Encoding.UTF8.GetBytes(secret), settings.HashKey);
    }

    [Fact]
    public void Read_HashKeyTooShort_IsASettingsError()
    {
        var reader = new SettingsReader(name => name == PolicySettings.HashKeyVariable ? "short" : null);
        PolicySettings.Read(reader);

        Assert.Contains(reader.Errors, e => e.Contains(PolicySettings.HashKeyVariable, StringComparison.Ordinal));
    }
}
