using System.Text;

namespace Udc.Tests.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    private readonly DirectoryInfo _directory;

    public TempDataDirectory(string prefix = "udc-test-") => _directory = Directory.CreateTempSubdirectory(prefix);

    public string Path => _directory.FullName;

    public string PathOf(string fileName) => System.IO.Path.Combine(Path, fileName);

    /// <summary>Writes UTF-8 text (no byte order mark) and returns the file's full path.</summary>
    public string Write(string fileName, string content) => WriteBytes(fileName, Encoding.UTF8.GetBytes(content));

    public string WriteBytes(string fileName, byte[] content)
    {
        var path = PathOf(fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>
    /// Replaces a file by writing a sibling and renaming it over the target, as editors and exporters do, so a
    /// watcher never reads half a file.
    /// </summary>
    public string Replace(string fileName, string content)
    {
        var path = PathOf(fileName);
        var staging = path + ".staging";
        File.WriteAllBytes(staging, Encoding.UTF8.GetBytes(content));
        File.Move(staging, path, overwrite: true);
        return path;
    }

    public void Delete(string fileName) => File.Delete(PathOf(fileName));

    /// <summary>
    /// Deletes the folder, trying again for a moment when a file appears in it meanwhile: a database's deferred
    /// checkpoint can still write its journal beside the database while the test's parts are being let go.
    /// </summary>
    public void Dispose()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _directory.Delete(recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }
}
