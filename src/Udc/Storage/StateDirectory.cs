namespace Udc.Storage;

/// <summary>
/// Where UDC keeps its own state: <c>DATA/.udc/</c>. Inside the data folder so one volume holds everything,
/// and a dot folder so source discovery (which reads only the folder's own files) never sees it.
/// </summary>
internal static class StateDirectory
{
    public const string Name = ".udc";

    public static string For(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), Name);

    /// <summary>The path of a file in the state directory, creating the directory on first use.</summary>
    public static string File(string dataDirectory, string fileName)
    {
        var directory = Directory.CreateDirectory(For(dataDirectory));
        return Path.Combine(directory.FullName, fileName);
    }
}
