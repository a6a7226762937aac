using k8s.Models;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Rollouts;

namespace OpsDashboard.Panels.Pods;

/// <summary>Desired pod counts from workload specs (what "ready / desired" is measured against), with their rollout fields.</summary>
public static class WorkloadProjection
{
    public static WorkloadSpec From(V1Deployment d, StringPool pool) => SpecOnly(d, pool) with { Rollout = RolloutProjection.From(d, pool) };

    public static WorkloadSpec From(V1StatefulSet s, StringPool pool) => SpecOnly(s, pool) with { Rollout = RolloutProjection.From(s, pool) };

    public static WorkloadSpec From(V1DaemonSet d, StringPool pool) => SpecOnly(d, pool) with { Rollout = RolloutProjection.From(d, pool) };

    /// <summary>The desired count alone, without the rollout fields: what the pods panel kept before the rollouts panel (the kube-sync benchmark's peer).</summary>
    public static WorkloadSpec SpecOnly(V1Deployment d, StringPool pool) =>
        new(d.Metadata.NamespaceProperty, WorkloadKind.Deployment, d.Metadata.Name, d.Spec?.Replicas ?? 1);

    /// <inheritdoc cref="SpecOnly(V1Deployment, StringPool)"/>
    public static WorkloadSpec SpecOnly(V1StatefulSet s, StringPool pool) =>
        new(s.Metadata.NamespaceProperty, WorkloadKind.StatefulSet, s.Metadata.Name, s.Spec?.Replicas ?? 1);

    /// <inheritdoc cref="SpecOnly(V1Deployment, StringPool)"/>
    public static WorkloadSpec SpecOnly(V1DaemonSet d, StringPool pool) =>
        new(d.Metadata.NamespaceProperty, WorkloadKind.DaemonSet, d.Metadata.Name, d.Status?.DesiredNumberScheduled ?? 0);
}
