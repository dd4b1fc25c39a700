using Udc.Access;
using Udc.Background;
using Udc.Caching;
using Udc.Cli;
using Udc.Engine.Catalog;
using Udc.Engine.Policies;
using Udc.Engine.Query.Aggregation;
using Udc.Engine.Versions;
using Udc.Features.Assistant;
using Udc.Features.Assistant.FastPath;
using Udc.Features.Assistant.Keys;
using Udc.Ingestion;
using Udc.Ingestion.Running;
using Udc.Ingestion.Storage;
using Udc.Jobs;
using Udc.Llm;
using Udc.Outbound;
using Udc.RateLimiting;
using Udc.Reading;
using Udc.Redis;
using Udc.Storage;
using Udc.Tools;
using Udc.Webhooks;

namespace Udc.Hosting;

/// <summary>
/// The one composition root: every service UDC runs, built the same way whether it serves HTTP (<c>udc serve</c>) or
/// one MCP client over stdio (<c>udc mcp</c>). The catalog replays webhook changes, tool calls are rate-limited and
/// cached, keys are checked and Redis is shared alike; only the transports differ.
/// </summary>
internal static class UdcServices
{
    public static IServiceCollection AddUdc(this IServiceCollection services, UdcSettings settings, ServerOptions options)
    {
        var catalogOptions = new CatalogOptions(Path.GetFullPath(options.DataDir), options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile))
        {
            Databases = settings.DatabaseSources,
        };
        services.AddSingleton(TimeProvider.System);
        // One bound on aggregation memory for the whole process, whichever surface aggregates.
        services.AddSingleton(AggregationBudget.Shared);
        AddSettings(services, settings);
        services.AddSingleton(_ => new SqliteDatabase(settings.DatabasePath));
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<Access.Oidc.JsonWebKeys>();
        services.AddSingleton<Access.Oidc.JwtValidator>();
        services.AddSingleton<Access.Oidc.OidcIdentities>();
        services.AddSingleton<Access.Oidc.OidcAuthenticator>();
        services.AddOutboundHttpClient(Access.Oidc.JsonWebKeys.ClientName, _ => TimeSpan.FromSeconds(5));
        services.AddSingleton<Audit.AuditStore>();
        services.AddSingleton<Audit.AuditTrail>();
        services.AddSingleton<Audit.ReadGovernor>();
        services.AddHostedService(provider => provider.GetRequiredService<Audit.AuditTrail>());
        services.AddSingleton<IWorkHandler, Audit.AuditPruner>();
        services.AddSingleton(Audit.AuditPruner.Recurring);
        services.AddSingleton<WebhookEventStore>();
        services.AddSingleton<WebhookProcessor>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisBus>();
        services.AddSingleton<RequestRateLimiter>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<CacheInvalidator>();
        // Changes received by webhook after a file was written are applied whenever it is (re)loaded.
        services.AddSingleton(provider => new SourceCatalog(catalogOptions, provider.GetRequiredService<TimeProvider>())
        {
            ChangeLog = provider.GetRequiredService<WebhookEventStore>(),
            Snapshots = settings.State.CreateSnapshotStore(),
        });
        services.AddSingleton(provider => new SnapshotHistory(provider.GetRequiredService<SourceCatalog>(), settings.Analytics.Versions));
        services.AddSingleton(provider => new SourceResolver(provider.GetRequiredService<SourceCatalog>(), provider.GetRequiredService<SnapshotHistory>(),
            new PolicyViews(new ValueMasker(settings.Policies.HashKey)), settings.Policies));
        services.AddHostedService<CatalogLifetime>();
        services.AddHostedService<AccessLifetime>();
        services.AddSingleton<WebhookPruner>();
        services.AddSingleton<IWorkHandler>(provider => provider.GetRequiredService<WebhookPruner>());
        services.AddSingleton(WebhookPruner.Recurring);
        services.AddBackgroundWork();
        AddIngestion(services);
        services.AddJobs();
        AddTools(services, settings);
        return services;
    }

    /// <summary>Connectors: their store, runner and service, started after the catalog has loaded the files.</summary>
    private static void AddIngestion(IServiceCollection services)
    {
        services.AddSingleton<IngestStore>();
        services.AddSingleton<ConnectorRunner>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<IWorkHandler, IngestWorkHandler>();
        services.AddHostedService<IngestLifetime>();
    }

    /// <summary>The one tool model: the tool set, the runner every model surface calls, and the assistant around them.</summary>
    private static void AddTools(IServiceCollection services, UdcSettings settings)
    {
        var budget = new OutputBudget(settings.Llm.ToolResultTokens);
        services.AddSingleton(s => new ToolCatalog(s.GetRequiredService<SourceResolver>(), budget));
        services.AddSingleton(s => new ToolRunner(s.GetRequiredService<SourceResolver>(), s.GetRequiredService<RequestRateLimiter>(),
            s.GetRequiredService<ResponseCache>(), s.GetRequiredService<TimeProvider>(), budget, s.GetRequiredService<AggregationBudget>())
        {
            Jobs = s.GetRequiredService<JobStore>(),
            Exports = s.GetRequiredService<Features.Export.ExportJobStarter>(),
        });
        services.AddLlmProviders();
        services.AddSingleton(s => new ProviderKeyStore(s.GetRequiredService<SqliteDatabase>(), settings.ProviderKeyCipher, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FastPathResolver>();
        services.AddSingleton<AssistantToolLoop>();
        services.AddSingleton<AssistantService>();
    }

    private static void AddSettings(IServiceCollection services, UdcSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Access);
        services.AddSingleton(settings.Policies);
        services.AddSingleton(settings.Audit);
        services.AddSingleton(settings.Deadlines);
        services.AddSingleton(settings.Oidc);
        services.AddSingleton(settings.RateLimits);
        services.AddSingleton(settings.Cache);
        services.AddSingleton(settings.Redis);
        services.AddSingleton(settings.Webhooks);
        services.AddSingleton(settings.Http);
        services.AddSingleton(settings.Llm);
        services.AddSingleton(settings.Export);
        services.AddSingleton(settings.Mcp);
        services.AddSingleton(settings.Admin);
        services.AddSingleton(settings.Analytics);
        services.AddSingleton(settings.Observability);
        services.AddSingleton(settings.Shutdown);
        services.AddSingleton(settings.Background);
        services.AddSingleton(settings.Ingest);
        services.AddSingleton(settings.Jobs);
    }
}
