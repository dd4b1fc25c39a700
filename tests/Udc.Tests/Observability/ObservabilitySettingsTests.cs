using Udc.Hosting;

namespace Udc.Tests.Observability;

public sealed class ObservabilitySettingsTests
{
    private static UdcSettings Read(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return UdcSettings.Read(name => map.GetValueOrDefault(name), "/data", "http://127.0.0.1:8000");
    }

    [Fact]
    public void Read_Nothing_LogsTextMetricsAndTracesOff()
    {
        var settings = Read();

        Assert.False(settings.Observability.JsonLogs);
        Assert.False(settings.Observability.MetricsEnabled);
        Assert.Null(settings.Observability.TracesEndpoint);
        Assert.Equal("udc", settings.Observability.ServiceName);
        Assert.Equal(TimeSpan.Zero, settings.Shutdown.Delay);
        Assert.Equal(TimeSpan.FromSeconds(25), settings.Shutdown.Timeout);
    }

    [Theory]
    [InlineData("http://collector:4318", null, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", null, "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4317", "grpc", "http://collector:4317/")]
    public void Read_GeneralEndpoint_GetsTheSignalPathForHttpOnly(string endpoint, string? protocol, string expected)
    {
        var settings = protocol is null
            ? Read(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint))
            : Read(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", protocol));

        Assert.Equal(new Uri(expected), settings.Observability.TracesEndpoint);
        Assert.Equal(protocol == "grpc", settings.Observability.OtlpGrpc);
    }

    [Fact]
    public void Read_TracesEndpoint_IsUsedAsGiven()
    {
        var settings = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b:9999/custom"));

        Assert.Equal(new Uri("http://b:9999/custom"), settings.Observability.TracesEndpoint);
    }

    [Theory]
    [InlineData("OTEL_TRACES_EXPORTER", "none")]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    public void Read_TracingSwitchedOff_NoEndpoint(string name, string value)
    {
        Assert.Null(Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"), (name, value)).Observability.TracesEndpoint);
    }

    [Fact]
    public void Read_InvalidValues_ListsEveryVariable()
    {
        var error = Assert.Throws<SettingsException>(() => Read(("UDC_LOG_FORMAT", "xml"), ("METRICS_ENABLED", "sometimes"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"), ("UDC_SHUTDOWN_DELAY_SECONDS", "-1"), ("UDC_SHUTDOWN_TIMEOUT_SECONDS", "0")));

        foreach (var name in new[] { "UDC_LOG_FORMAT", "METRICS_ENABLED", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "UDC_SHUTDOWN_DELAY_SECONDS", "UDC_SHUTDOWN_TIMEOUT_SECONDS" })
        {
            Assert.Contains(name, error.Message);
        }
    }
}
