namespace Udc.Ingestion.Fetching;

/// <summary>RFC 8288 <c>Link</c> headers, as GitHub and most paged APIs send them: <c>&lt;url&gt;; rel="next", ...</c>.</summary>
internal static class LinkHeader
{
    /// <summary>The <c>rel="next"</c> target, resolved against the page's URL; null when there is none.</summary>
    public static Uri? Next(string? header, Uri current)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        foreach (var link in header.Split(','))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !parts[0].StartsWith('<') || !parts[0].EndsWith('>'))
            {
                continue;
            }
            foreach (var parameter in parts.AsSpan(1))
            {
                var equals = parameter.IndexOf('=');
                if (equals > 0 && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                    && parameter[(equals + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase)
                    && Uri.TryCreate(current, parts[0][1..^1], out var target))
                {
                    return target;
                }
            }
        }
        return null;
    }
}
