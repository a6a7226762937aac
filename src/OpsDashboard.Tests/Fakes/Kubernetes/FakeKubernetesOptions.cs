namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>How a <see cref="FakeKubernetesApiServer"/> behaves; the defaults are those of a healthy API server.</summary>
public sealed record FakeKubernetesOptions
{
    /// <summary>How often open watches that asked for bookmarks get one; zero means never.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Watch events kept for resuming; a watch or continue token from an older resourceVersion gets 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 10_000;

    /// <summary>When set, a request without <c>Authorization: Bearer &lt;token&gt;</c> gets a 401 Status.</summary>
    public string? RequiredToken { get; init; }

    /// <summary>
    /// Serve HTTPS with a self-signed certificate (the kubeconfig then skips verification). kubectl sends a bearer token
    /// only over HTTPS, so tests of <see cref="RequiredToken"/> with kubectl need it.
    /// </summary>
    public bool UseHttps { get; init; }

    /// <summary>The clock for creation timestamps, ages in tables, bookmarks, watch timeouts and list delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The version <c>/version</c> reports; kubectl's dispatcher picks its client version from it.</summary>
    public string ServerVersion { get; init; } = "v1.32.4";
}
