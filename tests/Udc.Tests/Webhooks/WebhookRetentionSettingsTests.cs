using Udc.Engine.Generation;
using Udc.Hosting;
using Udc.Tests.TestSupport;
using Udc.Webhooks;

namespace Udc.Tests.Webhooks;

public sealed class WebhookRetentionSettingsTests
{
    private static WebhookSettings Read(string? retentionDays) =>
        UdcSettings.Read(name => name == "WEBHOOK_RETENTION_DAYS" ? retentionDays : null, "/data", "http://127.0.0.1:8000").Webhooks;

    [Theory]
    [InlineData(null, 7)]
    [InlineData("2", 2)]
    [InlineData(" 30 ", 30)]
    [InlineData("3650", 3650)]
    public void RetentionDays_UnsetOrInRange_IsUsed(string? value, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), Read(value).Retention);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("3651")]
    [InlineData("7d")]
    [InlineData("1.5")]
    public void RetentionDays_OutOfRangeOrNotWholeDays_RefusedNamingTheVariableAndRange(string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(value));

        Assert.Equal($"invalid settings: WEBHOOK_RETENTION_DAYS must be a whole number from 2 to 3650, got '{value}'", error.Message);
    }

    [Fact]
    public async Task RetentionDays_BelowTheDedupeFloor_StopsTheServerStarting()
    {
        using var data = new TempDataDirectory("udc-webhook-settings-");
        DemoDataGenerator.Write(data.Path, new DemoDataOptions());
        var settings = AccessFixture.Settings(("AUTH_ENABLED", "false"), ("WEBHOOK_RETENTION_DAYS", "1"));

        var error = await Assert.ThrowsAsync<SettingsException>(() => UdcTestServer.StartAsync(data.Path, settings));

        Assert.Contains("WEBHOOK_RETENTION_DAYS must be a whole number from 2 to 3650, got '1'", error.Message);
    }
}
