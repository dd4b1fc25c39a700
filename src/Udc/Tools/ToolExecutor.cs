using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Tools;

/// <summary>
/// Runs one tool call against the live catalog. Every way a call can be wrong (unknown tool, arguments out of
/// schema, a value the source does not have) becomes an error result the model can read and correct; nothing
/// here throws for bad input.
/// </summary>
internal sealed class ToolExecutor(SourceCatalog catalog, TimeProvider time, ResultBudget budget)
{
    public ResultBudget Budget => budget;

    public ToolOutcome Execute(ToolSet tools, string name, JsonElement arguments)
    {
        if (tools.Find(name) is not { } definition)
        {
            return Error("UNKNOWN_TOOL", $"Unknown tool '{Clip(name)}'. Tools: {string.Join(", ", tools.Definitions.Select(d => d.Name))}.");
        }
        // Before the schema check, whose enum would otherwise answer with the key's own sources: a source outside
        // the key is refused the same way /data refuses it, whether it exists or not.
        if (tools.Caller is { } caller && arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("source", out var source)
            && source.ValueKind == JsonValueKind.String && source.GetString() is { } sourceName && !caller.CanRead(sourceName))
        {
            return Error(ErrorCodes.SourceForbidden, SourceAccess.ForbiddenMessage(sourceName));
        }
        var problems = ToolArgumentChecker.Check(definition.Parameters, arguments);
        if (problems.Count > 0)
        {
            return Error(ErrorCodes.Validation, $"Invalid arguments for {name}: {string.Join("; ", problems)}.");
        }
        return name switch
        {
            ToolNames.ListSources => ListSources(tools),
            ToolNames.GetRecord => GetRecord(tools, arguments),
            ToolNames.AggregateData => Aggregate(tools, arguments),
            _ => Fetch(tools, arguments),
        };
    }

    public static ToolOutcome Error(string code, string message, IReadOnlyList<ValidationIssue>? details = null) =>
        new() { Json = Write(writer => ApiError.Write(writer, code, message, details ?? [])), IsError = true };

    private ToolOutcome Fetch(ToolSet tools, JsonElement arguments)
    {
        if (Resolve(tools, arguments, out var snapshot) is { } missing)
        {
            return missing;
        }
        var parameters = ToParameters(snapshot, arguments, out var valueIssues);
        var parsed = QueryParser.Parse(snapshot, parameters);
        if (parsed.Spec is not { } spec || valueIssues.Count > 0)
        {
            return Error(ErrorCodes.Validation, "Invalid arguments for fetch_data.", [.. valueIssues, .. parsed.Issues]);
        }
        if (spec.Stream)
        {
            return Error(ErrorCodes.Validation, "stream is not available to tools; page through the results instead.");
        }
        using var result = QueryExecutor.Execute(snapshot, spec);
        var now = time.GetUtcNow();
        return new ToolOutcome
        {
            Json = Write(writer => PageResponse.Write(writer, result, now, budget)),
            Snapshot = snapshot,
            Query = spec,
            Total = result.Total,
            Rows = result.Rows.ToArray(),
        };
    }

    private ToolOutcome Aggregate(ToolSet tools, JsonElement arguments)
    {
        if (Resolve(tools, arguments, out var snapshot) is { } missing)
        {
            return missing;
        }
        var parameters = ToParameters(snapshot, arguments, out var valueIssues);
        if (!arguments.TryGetProperty(AggregateSpec.LimitParameter, out _))
        {
            parameters.Add(new(AggregateSpec.LimitParameter, ToolSetBuilder.DefaultAggregateLimit.ToString(CultureInfo.InvariantCulture)));
        }
        var parsed = QueryParser.Parse(snapshot, parameters, AggregateSpec.Parameters);
        var (aggregate, aggregateIssues) = AggregateParser.Parse(snapshot, parameters);
        if (parsed.Spec is not { } spec || aggregate is null || valueIssues.Count > 0)
        {
            return Error(ErrorCodes.Validation, "Invalid arguments for aggregate_data.", [.. valueIssues, .. parsed.Issues, .. aggregateIssues]);
        }
        var result = Aggregator.Run(snapshot, spec, aggregate);
        var now = time.GetUtcNow();
        return new ToolOutcome
        {
            Json = Write(writer => AggregateResponse.Write(writer, result, now, budget)),
            Snapshot = snapshot,
            Query = spec,
            Total = result.MatchCount,
            Aggregate = result,
        };
    }

    private ToolOutcome GetRecord(ToolSet tools, JsonElement arguments)
    {
        if (Resolve(tools, arguments, out var snapshot) is { } missing)
        {
            return missing;
        }
        var id = TextOf(arguments.GetProperty("id"));
        var row = RecordLookup.Find(snapshot, id, out var issues);
        if (issues.Count > 0)
        {
            return Error(ErrorCodes.Validation, "Invalid arguments for get_record.", issues);
        }
        if (row < 0)
        {
            return new ToolOutcome { Json = Write(writer => ApiError.Write(writer, ErrorCodes.RecordNotFound, RecordLookup.NotFoundMessage(snapshot, id), [])), IsError = true, Snapshot = snapshot };
        }
        var now = time.GetUtcNow();
        return new ToolOutcome
        {
            Json = Write(writer => RecordResponse.Write(writer, snapshot, snapshot.Table.Columns, row, now, budget)),
            Snapshot = snapshot,
            Total = 1,
            RecordRow = row,
        };
    }

    private static ToolOutcome ListSources(ToolSet tools) => new()
    {
        Json = Write(writer => SourceListWriter.Write(writer, tools.Snapshots)),
    };

    /// <summary>The source a call names; errors list only the sources the set's caller may read.</summary>
    private ToolOutcome? Resolve(ToolSet tools, JsonElement arguments, out SourceSnapshot snapshot)
    {
        snapshot = null!;
        var name = TextOf(arguments.GetProperty("source"));
        if (!catalog.TryGet(name, out var state))
        {
            var known = string.Join(", ", catalog.Names.Where(n => tools.Caller?.CanRead(n) != false));
            return Error(ErrorCodes.UnknownSource, $"Unknown data source '{Clip(name)}'. Available sources: {known}.");
        }
        if (state.Snapshot is null)
        {
            return Error(ErrorCodes.SourceNotReady, $"Source '{name}' is not ready: {state.LastFailure?.Message ?? "it has not loaded yet"}");
        }
        snapshot = state.Snapshot;
        return null;
    }

    /// <summary>
    /// The arguments as /data query parameters: a column argument is <c>column=value</c>, a condition is
    /// <c>column__op=value</c>, lists are comma-joined. A value a low-cardinality column does not have is
    /// reported with the values it does have.
    /// </summary>
    private static List<KeyValuePair<string, StringValues>> ToParameters(SourceSnapshot snapshot, JsonElement arguments, out List<ValidationIssue> issues)
    {
        issues = [];
        var parameters = new List<KeyValuePair<string, StringValues>>();
        foreach (var property in arguments.EnumerateObject())
        {
            switch (property.Name)
            {
                case "source":
                    break;
                case "conditions":
                    foreach (var condition in property.Value.EnumerateArray())
                    {
                        var column = TextOf(condition.GetProperty("column"));
                        var op = TextOf(condition.GetProperty("op")).ToLowerInvariant();
                        parameters.Add(new($"{column}{OperatorNames.Separator}{op}", TextOf(condition.GetProperty("value"))));
                    }
                    break;
                default:
                    var value = property.Value.ValueKind == JsonValueKind.Array
                        ? string.Join(',', property.Value.EnumerateArray().Select(TextOf))
                        : TextOf(property.Value);
                    CheckListedValue(snapshot, property.Name, value, issues);
                    parameters.Add(new(property.Name, value));
                    break;
            }
        }
        return parameters;
    }

    private static void CheckListedValue(SourceSnapshot snapshot, string name, string value, List<ValidationIssue> issues)
    {
        if (snapshot.Table.Find(name) is not { Type: ColumnType.String } column)
        {
            return;
        }
        var profile = snapshot.Profile.Columns.FirstOrDefault(p => p.Column == column);
        if (profile?.Values is { } values && !values.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            issues.Add(ValidationIssue.Query(name, $"'{Clip(value)}' is not a value of {name} in {snapshot.Name}; valid: {string.Join(", ", values)}", "enum"));
        }
    }

    private static string TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
