namespace Udc.Observability;

/// <summary>
/// Attribute names on UDC's spans: the OpenTelemetry semantic conventions' where one exists (GenAI, errors),
/// <c>udc.*</c> for what only UDC has.
/// </summary>
internal static class SemanticNames
{
    public const string ErrorType = "error.type";
    public const string GenAiOperation = "gen_ai.operation.name";
    public const string GenAiProvider = "gen_ai.provider.name";
    public const string GenAiRequestModel = "gen_ai.request.model";
    public const string GenAiResponseModel = "gen_ai.response.model";
    public const string GenAiFinishReasons = "gen_ai.response.finish_reasons";
    public const string GenAiInputTokens = "gen_ai.usage.input_tokens";
    public const string GenAiOutputTokens = "gen_ai.usage.output_tokens";
    public const string GenAiTokenType = "gen_ai.token.type";
    public const string GenAiToolName = "gen_ai.tool.name";
    public const string GenAiToolType = "gen_ai.tool.type";

    public const string UdcSource = "udc.source";
    public const string UdcCallerKeyId = "udc.caller.key_id";
    public const string UdcToolSurface = "udc.tool.surface";
    public const string UdcQueryKind = "udc.query.kind";
    public const string UdcCacheStatus = "udc.cache.status";
    public const string UdcRowsScanned = "udc.rows.scanned";
    public const string UdcRowsMatched = "udc.rows.matched";
    public const string UdcRowsReturned = "udc.rows.returned";
    public const string UdcResolvedBy = "udc.assistant.resolved_by";
}
