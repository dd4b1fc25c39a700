using System.Globalization;
using System.Text.RegularExpressions;

namespace Udc.Tests.TestSupport;

/// <summary>One sample of a scrape: metric name, labels and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4) strictly: every line is a comment, a
/// <c># TYPE</c>/<c># HELP</c> line or a sample whose family was typed before it, with valid names, quoted
/// and escaped label values and a number. A malformed line fails the parse, naming the line.
/// </summary>
internal static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text, out IReadOnlyDictionary<string, string> types)
    {
        var samples = new List<PrometheusSample>();
        var typed = new Dictionary<string, string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.True(parts.Length == 2 && NameRegex().IsMatch(parts[0]) && parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped",
                    $"bad TYPE line: {line}");
                typed[parts[0]] = parts[1];
                continue;
            }
            if (line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleRegex().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var name = match.Groups["name"].Value;
            var family = typed.Keys.FirstOrDefault(f => name == f || name == f + "_bucket" || name == f + "_sum" || name == f + "_count" || name == f + "_total");
            Assert.True(family is not null, $"sample without a TYPE line before it: {line}");
            var labels = new Dictionary<string, string>();
            foreach (Match label in LabelRegex().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["key"].Value] = label.Groups["value"].Value.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\");
            }
            var valueText = match.Groups["value"].Value;
            var value = valueText switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(name, labels, value));
        }
        types = typed;
        return samples;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*)\})? (?<value>[^ ]+)( [0-9]+)?$""")]
    private static partial Regex SampleRegex();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>([^""\\]|\\.)*)""")]
    private static partial Regex LabelRegex();
}
