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

    public void Error(string message) => _errors.Add(message);
}
