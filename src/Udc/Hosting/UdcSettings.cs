using Udc.Access;
using Udc.Background;
using Udc.Caching;
using Udc.Features.Assistant.Keys;
using Udc.Features.Export;
using Udc.Ingestion;
using Udc.Jobs;
using Udc.Llm;
using Udc.Mcp;
using Udc.Mcp.Http;
using Udc.Observability;
using Udc.RateLimiting;
using Udc.Redis;
using Udc.Webhooks;

namespace Udc.Hosting;

/// <summary>
/// Every setting UDC reads from the environment, grouped by the part of UDC it governs. Read in one place and
/// one way, so a start with several bad values names all of them, and tests pass one dictionary.
/// </summary>
internal sealed record UdcSettings(
    AccessSettings Access,
    RateLimitSettings RateLimits,
    CacheSettings Cache,
    RedisSettings Redis,
    WebhookSettings Webhooks,
    HttpSettings Http,
    LlmSettings Llm,
    ExportSettings Export,
    McpSecurityOptions Mcp,
    AdminKey Admin,
    KeyCipher? ProviderKeyCipher,
    ObservabilitySettings Observability,
    ShutdownSettings Shutdown,
    StateSettings State,
    BackgroundSettings Background,
    JobSettings Jobs,
    IngestSettings Ingest,
    string DatabasePath,
    Features.Analytics.AnalyticsSettings Analytics,
    IReadOnlyList<Engine.Database.DatabaseSourceDefinition> DatabaseSources,
    PolicySettings Policies,
    Audit.AuditSettings Audit,
    Audit.DeadlineSettings Deadlines,
    Access.Oidc.OidcSettings Oidc)
{
    public const string DatabaseVariable = "UDC_DATABASE";

    /// <summary>Reads every group; throws <see cref="SettingsException"/> listing every invalid variable at once.</summary>
    /// <param name="lookup">The process environment, or a test's dictionary.</param>
    /// <param name="urls">The listen URLs: host names bound there are names MCP clients may use.</param>
    public static UdcSettings Read(Func<string, string?> lookup, string dataDirectory, string urls)
    {
        var reader = new SettingsReader(lookup);
        var state = StateSettings.Read(reader, dataDirectory);
        // The connectors file declares database sources too; their connection strings come from the environment.
        var ingest = IngestSettings.Read(reader, dataDirectory, lookup);
        var settings = new UdcSettings(
            AccessSettings.Read(reader),
            RateLimitSettings.Read(reader),
            CacheSettings.Read(reader),
            RedisSettings.Read(reader),
            WebhookSettings.Read(reader),
            HttpSettings.Read(reader),
            LlmSettings.Read(reader),
            ExportSettings.Read(reader),
            McpSecurityOptions.Read(reader, urls),
            AdminKey.Read(reader),
            KeyCipher.Read(reader),
            ObservabilitySettings.Read(reader),
            ShutdownSettings.Read(reader),
            state,
            BackgroundSettings.Read(reader),
            JobSettings.Read(reader, urls),
            ingest,
            // In the state directory, by default beside the data in a folder the data watcher does not look into.
            reader.String(DatabaseVariable) ?? Path.Combine(state.Directory, "udc.db"),
            Features.Analytics.AnalyticsSettings.Read(reader),
            ingest.Connectors.Databases,
            PolicySettings.Read(reader),
            Udc.Audit.AuditSettings.Read(reader),
            Udc.Audit.DeadlineSettings.Read(reader),
            Udc.Access.Oidc.OidcSettings.Read(reader));
        return reader.Errors.Count == 0 ? settings : throw new SettingsException(reader.Errors);
    }
}

