namespace OpsDashboard.ScaleOut;

/// <summary>
/// Configuration section <c>Dashboard:ScaleOut</c>: more than one replica behind one Service. With it on, history,
/// Data Protection keys and the polled sources' snapshots live in one PostgreSQL database, and one replica (the
/// holder of a Kubernetes Lease) polls the upstreams for all.
/// </summary>
public sealed class ScaleOutOptions
{
    public const string Section = "Dashboard:ScaleOut";

    public const string ConnectionStringKey = $"{Section}:ConnectionString";

    public bool Enabled { get; set; }

    /// <summary>Npgsql connection string; put the password in a Secret (env <c>Dashboard__ScaleOut__ConnectionString</c>), never in a ConfigMap.</summary>
    public string? ConnectionString { get; set; }

    public ScaleOutLeaseOptions Lease { get; set; } = new();
}

/// <summary><c>Dashboard:ScaleOut:Lease</c>: the coordination.k8s.io Lease the replicas elect their leader with.</summary>
public sealed class ScaleOutLeaseOptions
{
    /// <summary>The Lease's namespace; defaults to the pod's own (POD_NAMESPACE, or the service account's namespace file).</summary>
    public string? Namespace { get; set; }

    public string Name { get; set; } = "opsdashboard-leader";

    /// <summary>This replica's name in the Lease; defaults to POD_NAME, then the host name.</summary>
    public string? Identity { get; set; }

    /// <summary>Use the pod's service account (the default in a cluster).</summary>
    public bool InCluster { get; set; } = true;

    /// <summary>With InCluster false: the kubeconfig (default $KUBECONFIG, then ~/.kube/config) and its context.</summary>
    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    /// <summary>How long followers wait after the last renewal before taking over: the longest a dead leader leaves polling undone.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops polling.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every replica tries to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
