namespace Udc.Storage;

/// <summary>
/// Where UDC keeps its own state: <c>DATA/.udc/</c>. Inside the data folder so one volume holds everything,
/// and a dot folder so source discovery (which reads only the folder's own files) never sees it.
/// </summary>
internal static class StateDirectory
{
    public const string Name = ".udc";

    public static string For(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), Name);

    /// <summary>The path of a file in the state directory; whoever writes it first creates the directory.</summary>
    public static string File(string dataDirectory, string fileName) => Path.Combine(For(dataDirectory), fileName);
}
