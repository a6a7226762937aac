namespace OpsDashboard.Panels.Rollouts;

/// <summary>Images in the words of a deploy: "bedrock:abc → def", the tag alone where the repository stays.</summary>
public static class ImageTags
{
    /// <summary>"registry/mozmeao/bedrock:2017-12-04" → "2017-12-04"; a digest's first 12 hex digits; "latest" when untagged.</summary>
    public static string Tag(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digest = image[(at + 1)..];
            return digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[(colon + 1)..] : "latest";
    }

    /// <summary>The repository without its tag or digest: "registry/mozmeao/bedrock".</summary>
    public static string Repository(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    /// <summary>What changed between two sets of container images, "abc → def" (and "old-repo:x → new-repo:y"); null when nothing did or the old ones are unknown.</summary>
    public static string? Change(IReadOnlyList<string>? from, IReadOnlyList<string> to)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (from is null || from.SequenceEqual(to, StringComparer.Ordinal))
        {
            return null;
        }

        var changes = new List<string>();
        for (var i = 0; i < Math.Max(from.Count, to.Count); i++)
        {
            var (a, b) = (i < from.Count ? from[i] : null, i < to.Count ? to[i] : null);
            if (a == b)
            {
                continue;
            }

            changes.Add((a, b) switch
            {
                (null, { } added) => $"+{Brief(added)}",
                ({ } removed, null) => $"−{Brief(removed)}",
                _ when Repository(a!) == Repository(b!) => $"{Tag(a!)} → {Tag(b!)}",
                _ => $"{Brief(a!)} → {Brief(b!)}",
            });
        }

        return string.Join(", ", changes);
    }

    /// <summary>"registry.example.com/mozmeao/bedrock:abc" → "bedrock:abc".</summary>
    public static string Brief(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var repository = Repository(image);
        return $"{repository[(repository.LastIndexOf('/') + 1)..]}:{Tag(image)}";
    }
}
