using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>A column of a server-side table, as <c>meta.k8s.io/v1 TableColumnDefinition</c>.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0);

/// <summary>
/// The columns and cells the real API server prints for nodes, pods and HorizontalPodAutoscalers (kubectl shows those whose priority is 0, the
/// rest with <c>-o wide</c>), and its generic Name/Created At table for everything else.
/// </summary>
internal static class ResourceTables
{
    private static readonly TableColumn Name = new("Name", "string", "name", "Name must be unique within a namespace.");
    private static readonly TableColumn Age = new("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static IReadOnlyList<TableColumn> Columns(FakeResource resource) => resource switch
    {
        _ when resource == ResourceCatalog.Nodes =>
        [
            Name,
            new("Status", "string", "", "The status of the node"),
            new("Roles", "string", "", "The roles of the node"),
            Age,
            new("Version", "string", "", "Kubelet Version reported by the node."),
            new("Internal-IP", "string", "", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
            new("OS-Image", "string", "", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            new("Kernel-Version", "string", "", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            new("Container-Runtime", "string", "", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
        ],
        _ when resource == ResourceCatalog.Pods =>
        [
            Name,
            new("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic."),
            new("Status", "string", "", "The aggregate status of the containers in this pod."),
            new("Restarts", "string", "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Age,
            new("IP", "string", "", "podIP is the IP address allocated to the pod.", 1),
            new("Node", "string", "", "nodeName is the node the pod is scheduled to.", 1),
        ],
        _ when resource == ResourceCatalog.HorizontalPodAutoscalers =>
        [
            Name,
            new("Reference", "string", "", "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."),
            new("Targets", "string", "", "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."),
            new("MinPods", "string", "", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
            new("MaxPods", "integer", "", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."),
            new("Replicas", "integer", "", "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."),
            Age,
        ],
        _ => [Name, Age],
    };

    public static string[] Cells(IKubernetesObject<V1ObjectMeta> obj, DateTimeOffset now)
    {
        var age = Duration(obj.Metadata.CreationTimestamp, now);
        return obj switch
        {
            V1Node node => [node.Name(), NodeStatus(node), NodeRoles(node), age, node.Status?.NodeInfo?.KubeletVersion ?? "",
                Address(node, "InternalIP"), node.Status?.NodeInfo?.OsImage ?? "<unknown>", node.Status?.NodeInfo?.KernelVersion ?? "<unknown>",
                node.Status?.NodeInfo?.ContainerRuntimeVersion ?? "<unknown>"],
            V1Pod pod => PodCells(pod, age, now),
            V2HorizontalPodAutoscaler hpa => [hpa.Name(), $"{hpa.Spec.ScaleTargetRef.Kind}/{hpa.Spec.ScaleTargetRef.Name}", HpaTargets(hpa),
                hpa.Spec.MinReplicas is { } min ? $"{min}" : "<unset>", $"{hpa.Spec.MaxReplicas}", $"{hpa.Status?.CurrentReplicas ?? 0}", age],
            _ => [obj.Name(), age],
        };
    }

    private static string[] PodCells(V1Pod pod, string age, DateTimeOffset now)
    {
        var containers = pod.Status?.ContainerStatuses ?? [];
        var reason = string.IsNullOrEmpty(pod.Status?.Reason) ? pod.Status?.Phase ?? "" : pod.Status.Reason;
        var (ready, restarts, running) = (0, 0, false);
        DateTime? lastRestart = null;
        foreach (var container in containers.Reverse())
        {
            restarts += container.RestartCount;
            if (container.LastState?.Terminated?.FinishedAt is { } finished && (lastRestart is null || finished > lastRestart))
            {
                lastRestart = finished;
            }

            if (container.State?.Waiting?.Reason is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (container.State?.Terminated is { } terminated)
            {
                reason = terminated.Reason is { Length: > 0 } r ? r
                    : terminated.Signal is { } signal and not 0 ? $"Signal:{signal}" : $"ExitCode:{terminated.ExitCode}";
            }
            else if (container.Ready && container.State?.Running is not null)
            {
                running = true;
                ready++;
            }
        }

        if (reason == "Completed" && running)
        {
            reason = "Running";
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            reason = pod.Status?.Reason == "NodeLost" ? "Unknown" : "Terminating";
        }

        var restartCell = lastRestart is { } last ? $"{restarts} ({Duration(last, now)} ago)" : $"{restarts}";
        return [pod.Name(), $"{ready}/{pod.Spec?.Containers?.Count ?? 0}", reason, restartCell, age,
            pod.Status?.PodIP ?? "<none>", pod.Spec?.NodeName ?? "<none>"];
    }

    /// <summary>The TARGETS cell as the API server's printer writes it: "cpu: 92%/70%", at most two metrics then "+ N more...".</summary>
    private static string HpaTargets(V2HorizontalPodAutoscaler hpa)
    {
        var specs = hpa.Spec.Metrics ?? [];
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var statuses = hpa.Status?.CurrentMetrics ?? [];
        var cells = specs.Select((spec, i) => HpaTarget(spec, i < statuses.Count ? statuses[i] : null)).ToList();
        var shown = string.Join(", ", cells.Take(2));
        return cells.Count > 2 ? $"{shown} + {cells.Count - 2} more..." : shown;
    }

    private static string HpaTarget(V2MetricSpec spec, V2MetricStatus? status)
    {
        const string Unknown = "<unknown>";
        switch (spec.Type)
        {
            case "External" when spec.External.Target.AverageValue is { } average:
                return $"{status?.External?.Current?.AverageValue?.ToString() ?? Unknown}/{average} (avg)";
            case "External":
                return $"{status?.External?.Current?.Value?.ToString() ?? Unknown}/{spec.External.Target.Value}";
            case "Pods":
                return $"{status?.Pods?.Current?.AverageValue?.ToString() ?? Unknown}/{spec.Pods.Target.AverageValue}";
            case "Object" when spec.ObjectProperty.Target.AverageValue is { } average:
                return $"{status?.ObjectProperty?.Current?.AverageValue?.ToString() ?? Unknown}/{average} (avg)";
            case "Object":
                return $"{status?.ObjectProperty?.Current?.Value?.ToString() ?? Unknown}/{spec.ObjectProperty.Target.Value}";
            case "Resource":
                return ResourceTarget(spec.Resource.Name, spec.Resource.Target, status?.Resource?.Current);
            case "ContainerResource":
                return ResourceTarget(spec.ContainerResource.Name, spec.ContainerResource.Target, status?.ContainerResource?.Current);
            default:
                return "<unknown type>";
        }
    }

    private static string ResourceTarget(string resource, V2MetricTarget target, V2MetricValueStatus? current) =>
        target.AverageValue is { } average
            ? $"{resource}: {current?.AverageValue?.ToString() ?? "<unknown>"}/{average}"
            : $"{resource}: {(current?.AverageUtilization is { } used ? $"{used}%" : "<unknown>")}/{(target.AverageUtilization is { } wanted ? $"{wanted}%" : "<auto>")}";

    private static string NodeStatus(V1Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;
        var status = ready switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" };
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(V1Node node)
    {
        const string RolePrefix = "node-role.kubernetes.io/";
        var labels = node.Labels() ?? new Dictionary<string, string>();
        var roles = labels.Keys.Where(k => k.StartsWith(RolePrefix, StringComparison.Ordinal) && k.Length > RolePrefix.Length).Select(k => k[RolePrefix.Length..])
            .Concat(labels.TryGetValue("kubernetes.io/role", out var role) && role.Length > 0 ? [role] : [])
            .Order(StringComparer.Ordinal).Distinct().ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? "<none>";

    /// <summary>An age as the API server's <c>duration.HumanDuration</c> prints it: 45s, 3m20s, 5h, 12d, 2y.</summary>
    public static string Duration(DateTime? since, DateTimeOffset now)
    {
        if (since is null)
        {
            return "<unknown>";
        }

        var d = now - new DateTimeOffset(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc));
        var (seconds, minutes, hours) = ((long)d.TotalSeconds, (long)d.TotalMinutes, (long)d.TotalHours);
        return seconds switch
        {
            < -1 => "<invalid>",
            < 0 => "0s",
            < 120 => $"{seconds}s",
            _ when minutes < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            _ when minutes < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 24 * 8 => hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h",
            _ when hours < 24 * 365 * 2 => $"{hours / 24}d",
            _ when hours < 24 * 365 * 8 => hours / 24 % 365 == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{hours / 24 % 365}d",
            _ => $"{hours / 24 / 365}y",
        };
    }
}
