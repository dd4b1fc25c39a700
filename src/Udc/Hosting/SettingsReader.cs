using System.Globalization;

namespace Udc.Hosting;

/// <summary>
/// Reads settings from the environment (a lookup function, so tests pass a dictionary). A value that is set
/// but invalid is an error that names the variable: UDC never starts on a setting it cannot honour.
/// </summary>
internal sealed class SettingsReader(Func<string, string?> lookup)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A secret, used exactly as given (not trimmed: a key is compared or derived byte for byte).</summary>
    public string? Secret(string name) => lookup(name) is { Length: > 0 } value ? value : null;

    public string? String(string name) => lookup(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public bool Bool(string name, bool fallback)
    {
        switch (String(name)?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "1" or "true" or "yes" or "on":
                return true;
            case "0" or "false" or "no" or "off":
                return false;
            default:
                _errors.Add($"{name} must be true or false, got '{String(name)}'");
                return fallback;
        }
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (String(name) is not { } text)
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        _errors.Add($"{name} must be a whole number from {min} to {max}, got '{text}'");
        return fallback;
    }

    /// <summary>An absolute http or https URL; <paramref name="fallback"/> when unset (null: no default).</summary>
    public Uri? Url(string name, string? fallback)
    {
        var text = String(name) ?? fallback;
        if (text is null)
        {
            return null;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }
        _errors.Add($"{name} must be an absolute http or https URL, got '{text}'");
        return fallback is null ? null : new Uri(fallback);
    }

    /// <summary>A number of seconds above 0 and at most <paramref name="maxSeconds"/>; fractions allowed.</summary>
    public TimeSpan Seconds(string name, TimeSpan fallback, double maxSeconds)
    {
        if (String(name) is not { } text)
        {
            return fallback;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= maxSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        _errors.Add($"{name} must be a number of seconds above 0 and at most {maxSeconds}, got '{text}'");
        return fallback;
    }

    public void Error(string message) => _errors.Add(message);
}
