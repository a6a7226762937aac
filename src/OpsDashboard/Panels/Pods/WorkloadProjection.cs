using k8s.Models;

namespace OpsDashboard.Panels.Pods;

/// <summary>Desired pod counts from workload specs: what "ready / desired" is measured against.</summary>
public static class WorkloadProjection
{
    public static WorkloadSpec From(V1Deployment d) =>
        new(d.Metadata.NamespaceProperty, WorkloadKind.Deployment, d.Metadata.Name, d.Spec?.Replicas ?? 1);

    public static WorkloadSpec From(V1StatefulSet s) =>
        new(s.Metadata.NamespaceProperty, WorkloadKind.StatefulSet, s.Metadata.Name, s.Spec?.Replicas ?? 1);

    public static WorkloadSpec From(V1DaemonSet d) =>
        new(d.Metadata.NamespaceProperty, WorkloadKind.DaemonSet, d.Metadata.Name, d.Status?.DesiredNumberScheduled ?? 0);
}
