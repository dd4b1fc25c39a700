namespace Udc.Cli;

/// <summary>
/// <c>udc health</c>: the health check of an image that has no shell and no curl. One GET, 3 s at most (a
/// container runtime's check times out at about that); exit 0 on 200, 1 otherwise, as Docker's HEALTHCHECK reads it.
/// </summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(Uri url, TextWriter error)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            await error.WriteLineAsync($"udc: {url} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"udc: {url} did not answer: {e.Message}");
        }
        return 1;
    }
}
