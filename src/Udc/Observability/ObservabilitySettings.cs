using Udc.Hosting;

namespace Udc.Observability;

/// <summary>What UDC tells operators, and where: log format, <c>/metrics</c>, and OTLP trace export.</summary>
/// <param name="JsonLogs"><c>UDC_LOG_FORMAT=json</c>: one JSON object per log line, with the trace and span ids.</param>
/// <param name="MetricsEnabled"><c>METRICS_ENABLED</c>: serve <c>GET /metrics</c> (an admin route).</param>
/// <param name="TracesEndpoint">Where spans are sent (OTLP); null keeps tracing off.</param>
/// <param name="OtlpGrpc">gRPC instead of the default HTTP/protobuf (<c>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</c>).</param>
/// <param name="OtlpHeaders">Headers sent with each export (<c>OTEL_EXPORTER_OTLP_HEADERS</c>: <c>key=value,key=value</c>), such as a vendor's key.</param>
/// <param name="ServiceName"><c>OTEL_SERVICE_NAME</c>, default <c>udc</c>.</param>
internal sealed record ObservabilitySettings(bool JsonLogs, bool MetricsEnabled, Uri? TracesEndpoint, bool OtlpGrpc, string? OtlpHeaders, string ServiceName)
{
    public static ObservabilitySettings Read(SettingsReader reader)
    {
        var format = reader.String("UDC_LOG_FORMAT")?.ToLowerInvariant();
        if (format is not (null or "text" or "json"))
        {
            reader.Error($"UDC_LOG_FORMAT must be text or json, got '{format}'");
        }
        var protocol = reader.String("OTEL_EXPORTER_OTLP_PROTOCOL");
        if (protocol is not (null or "http/protobuf" or "grpc"))
        {
            reader.Error($"OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or grpc, got '{protocol}'");
        }
        var grpc = protocol == "grpc";
        // The specification's rule: the general endpoint gets the signal's path appended (for HTTP), the
        // signal's own endpoint is used as it is.
        var traces = reader.Url("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", null);
        if (traces is null && reader.Url("OTEL_EXPORTER_OTLP_ENDPOINT", null) is { } general)
        {
            traces = grpc ? general : new Uri(general.ToString().TrimEnd('/') + "/v1/traces");
        }
        var tracesOff = reader.String("OTEL_TRACES_EXPORTER") == "none" || reader.Bool("OTEL_SDK_DISABLED", false);
        return new ObservabilitySettings(
            format == "json",
            reader.Bool("METRICS_ENABLED", false),
            tracesOff ? null : traces,
            grpc,
            reader.String("OTEL_EXPORTER_OTLP_HEADERS"),
            reader.String("OTEL_SERVICE_NAME") ?? "udc");
    }
}
