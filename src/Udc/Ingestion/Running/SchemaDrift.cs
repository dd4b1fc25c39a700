using System.Text.Json;
using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Running;

/// <summary>
/// The shape of a run's records (top-level fields: presence, nulls, JSON kinds) and how it differs from the run
/// before: a field new or gone, a field whose kinds changed, or a null rate up by <see cref="NullRateJump"/> or more.
/// </summary>
internal sealed class SchemaDrift
{
    /// <summary>Twenty points more nulls (5% to 25%) is a change of upstream behaviour, not noise in a batch.</summary>
    public const double NullRateJump = 0.2;

    /// <summary>Below 20 records a rate swings by 5 points per record: too few to call a jump.</summary>
    public const int MinRecordsForRates = 20;

    public Dictionary<string, FieldProfile> Fields { get; } = new(StringComparer.Ordinal);

    public long Records { get; private set; }

    /// <summary>Adds one normalized record (a JSON object) to the profile.</summary>
    public void Add(ReadOnlySpan<byte> record)
    {
        Records++;
        var reader = new Utf8JsonReader(record);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!Fields.TryGetValue(name, out var profile))
            {
                Fields[name] = profile = new FieldProfile();
            }
            profile.Present++;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    profile.Nulls++;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    profile.Kinds.Add(reader.TokenType == JsonTokenType.StartObject ? "object" : "array");
                    reader.Skip();
                    break;
                default:
                    profile.Kinds.Add(reader.TokenType switch
                    {
                        JsonTokenType.String => "string",
                        JsonTokenType.Number => "number",
                        _ => "boolean",
                    });
                    break;
            }
        }
    }

    /// <summary>What changed since <paramref name="previous"/>; nothing when there is no previous run to compare with.</summary>
    public List<DriftFinding> Compare(Dictionary<string, FieldProfile>? previous)
    {
        var findings = new List<DriftFinding>();
        if (previous is null || Records == 0)
        {
            return findings;
        }
        var previousRecords = previous.Values.Select(p => p.Present).DefaultIfEmpty(0).Max();
        foreach (var (name, now) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!previous.TryGetValue(name, out var before))
            {
                findings.Add(new DriftFinding("new_field", name, $"in {now.Present} of {Records} records"));
                continue;
            }
            if (now.Kinds.Count > 0 && before.Kinds.Count > 0 && !now.Kinds.SetEquals(before.Kinds))
            {
                findings.Add(new DriftFinding("type_changed", name, $"{string.Join("/", before.Kinds)} -> {string.Join("/", now.Kinds)}"));
            }
            if (Records >= MinRecordsForRates && previousRecords >= MinRecordsForRates)
            {
                var rateBefore = (double)before.Nulls / Math.Max(1, before.Present);
                var rateNow = (double)now.Nulls / Math.Max(1, now.Present);
                if (rateNow - rateBefore >= NullRateJump)
                {
                    findings.Add(new DriftFinding("null_rate_jump", name, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rateBefore:P0} -> {rateNow:P0} null")));
                }
            }
        }
        foreach (var name in previous.Keys.Where(k => !Fields.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            findings.Add(new DriftFinding("missing_field", name, "in no record of this run"));
        }
        return findings;
    }
}
