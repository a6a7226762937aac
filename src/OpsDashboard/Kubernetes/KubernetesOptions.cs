namespace OpsDashboard.Kubernetes;

/// <summary>Configuration section <c>Dashboard:Kubernetes</c>: the clusters to watch.</summary>
public sealed class KubernetesOptions
{
    public const string Section = "Dashboard:Kubernetes";

    public List<KubernetesClusterOptions> Clusters { get; set; } = [];

    /// <summary>Data older than this is shown as stale (a healthy watch confirms the state at least every few minutes).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Page size of the initial lists.</summary>
    public int PageSize { get; set; } = 500;

    public TimeSpan MinWatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WatchIdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A request (list page, watch) whose response headers have not come within this is given up and retried.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public ReflectorOptions Reflector => new()
    {
        PageSize = PageSize,
        MinWatchTimeout = MinWatchTimeout,
        IdleTimeout = WatchIdleTimeout,
        ResponseTimeout = ResponseTimeout,
    };
}

/// <summary>One cluster: a kubeconfig context, or the cluster the dashboard runs in.</summary>
public sealed class KubernetesClusterOptions
{
    /// <summary>Shown on tiles, e.g. "oregon-a". Defaults to the context name.</summary>
    public string? Name { get; set; }

    public string? Context { get; set; }

    /// <summary>The kubeconfig file; defaults to $KUBECONFIG, then ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Use the service account of the pod the dashboard runs in.</summary>
    public bool InCluster { get; set; }

    public string DisplayName => Name ?? Context ?? (InCluster ? "in-cluster" : "?");
}
