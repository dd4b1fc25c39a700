namespace Udc.Hosting;

/// <summary>A setting from the environment cannot be used; the server does not start with it.</summary>
internal sealed class SettingsException(string message) : Exception(message)
{
    public SettingsException(IReadOnlyList<string> errors)
        : this("invalid settings: " + string.Join("; ", errors))
    {
    }
}
