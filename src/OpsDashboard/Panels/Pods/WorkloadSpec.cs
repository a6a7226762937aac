namespace OpsDashboard.Panels.Pods;

/// <summary>How many pods a workload wants, from its own spec (Deployment/StatefulSet replicas, DaemonSet desired).</summary>
public sealed record WorkloadSpec(string Namespace, WorkloadKind Kind, string Name, int Desired);
