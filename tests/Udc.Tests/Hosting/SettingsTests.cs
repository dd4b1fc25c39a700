using Udc.Hosting;

namespace Udc.Tests.Hosting;

public sealed class SettingsTests
{
    private static UdcSettings Read(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return UdcSettings.Read(name => map.GetValueOrDefault(name), "/data", "http://127.0.0.1:8000");
    }

    [Fact]
    public void Read_Nothing_GivesDocumentedDefaults()
    {
        var settings = Read();
        Assert.False(settings.Access.AuthEnabled);
        Assert.Equal(60, settings.RateLimits.DefaultLimit);
        Assert.Equal(60, settings.RateLimits.WindowSeconds);
        Assert.True(settings.Cache.Enabled);
        Assert.Null(settings.Redis.Options);
        Assert.False(settings.Webhooks.Enabled);
        Assert.Empty(settings.Http.CorsOrigins);
        Assert.Equal(Path.Combine("/data", ".udc", "udc.db"), settings.DatabasePath);
    }

    [Fact]
    public void Read_State_DefaultsInTheDataFolderAndSnapshotsOn()
    {
        var state = Read().State;

        Assert.Equal(Path.Combine("/data", ".udc"), state.Directory);
        Assert.Equal(Path.Combine("/data", ".udc", "snapshots"), state.SnapshotDirectory);
        Assert.Equal(2048L << 20, state.SnapshotMaxBytes);
        Assert.NotNull(state.CreateSnapshotStore());
    }

    [Fact]
    public void Read_StateDirectory_HoldsTheDatabaseAndSnapshots()
    {
        var settings = Read(("UDC_STATE_DIR", "/var/lib/udc"), ("UDC_SNAPSHOT_MAX_MB", "0"));

        Assert.Equal("/var/lib/udc/udc.db", settings.DatabasePath);
        Assert.Equal("/var/lib/udc/snapshots", settings.State.SnapshotDirectory);
        Assert.Null(settings.State.CreateSnapshotStore());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("2000000")]
    public void Read_BadSnapshotBound_NamesTheVariable(string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(("UDC_SNAPSHOT_MAX_MB", value)));

        Assert.Contains("UDC_SNAPSHOT_MAX_MB must be a whole number from 0 to 1048576", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PerSourceOverrides_AreParsed()
    {
        var limits = Read(("RATE_LIMIT_PER_SOURCE", "30, crm=5,analytics=0")).RateLimits;
        Assert.Equal(30, limits.LimitFor("support"));
        Assert.Equal(5, limits.LimitFor("crm"));
        Assert.Equal(0, limits.LimitFor("analytics"));
    }

    [Fact]
    public void Read_InvalidValues_ListsEveryVariable()
    {
        var error = Assert.Throws<SettingsException>(() => Read(("AUTH_ENABLED", "maybe"), ("RATE_LIMIT_WINDOW_SECONDS", "-1"), ("ADMIN_API_KEY", "short"), ("REDIS_URL", "redis://"), ("WEBHOOK_SECRET", "tiny"),
            ("TRUSTED_PROXIES", "10.0.0.1,not-an-ip"), ("CORS_ORIGINS", "app.example.com"), ("RATE_LIMIT_PER_SOURCE", "crm=lots")));
        foreach (var name in new[] { "AUTH_ENABLED", "RATE_LIMIT_WINDOW_SECONDS", "ADMIN_API_KEY", "REDIS_URL", "WEBHOOK_SECRET", "TRUSTED_PROXIES", "CORS_ORIGINS", "RATE_LIMIT_PER_SOURCE" })
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6380/2", "redis://127.0.0.1:6380/2")]
    [InlineData("redis://:secret@cache.internal", "redis://cache.internal:6379/0")]
    [InlineData("localhost:6379", "redis://localhost:6379/0")]
    public void Read_RedisUrl_ParsesWithoutShowingPassword(string url, string display)
    {
        var redis = Read(("REDIS_URL", url)).Redis;
        Assert.Equal(display, redis.Display);
        Assert.DoesNotContain("secret", redis.Display);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", false, false, true)]
    [InlineData("http://localhost:8000;http://[::1]:8000", false, false, true)]
    [InlineData("http://0.0.0.0:8000", false, false, false)]
    [InlineData("http://*:8000", false, false, false)]
    [InlineData("http://10.0.0.5:8000", false, false, false)]
    [InlineData("http://0.0.0.0:8000", true, false, true)]
    [InlineData("http://0.0.0.0:8000", false, true, true)]
    public void ListenAddressCheck_NonLoopbackWithoutAuth_Refuses(string urls, bool authEnabled, bool insecure, bool starts)
    {
        Assert.Equal(starts, ListenAddressCheck.Check(urls, authEnabled, insecure) is null);
    }
}
