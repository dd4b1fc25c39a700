using Udc.Hosting;

namespace Udc.Tests.Hosting;

/// <summary>The admin key is hashed at the first check rather than at start; the checks answer as before.</summary>
public sealed class AdminKeyTests
{
    private const string Key = "a-long-admin-key-0123456789";

    [Theory]
    [InlineData(Key, true)]
    [InlineData(Key + "x", false)]
    [InlineData("a-long-admin-key-012345678", false)]
    [InlineData("A-LONG-ADMIN-KEY-0123456789", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Matches_PresentedKey_OnlyTheExactKey(string? presented, bool expected)
    {
        var admin = new AdminKey(Key);

        Assert.True(admin.IsConfigured);
        Assert.Equal(expected, admin.Matches(presented));
        // The hash made by the first check serves the next ones.
        Assert.Equal(expected, admin.Matches(presented));
        Assert.True(admin.Matches(Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Matches_NoKeyConfigured_AdminRoutesClosed(string? configured)
    {
        var admin = new AdminKey(configured);

        Assert.False(admin.IsConfigured);
        Assert.False(admin.Matches(Key));
        Assert.False(admin.Matches(""));
    }
}
