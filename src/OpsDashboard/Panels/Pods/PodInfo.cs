namespace OpsDashboard.Panels.Pods;

/// <summary>
/// What one container of a pod runs: the image as the spec names it (repository and tag) and the digest the kubelet
/// pulled (from status imageID); null digest until the container has started.
/// </summary>
public sealed record ContainerImage(string Container, string Image, string? Digest)
{
    /// <summary>"mozorg/bedrock" of "docker.io/mozorg/bedrock:2017-12-04".</summary>
    public string Repository => Image.LastIndexOf(':') is var colon && colon > Image.LastIndexOf('/') ? Image[..colon] : Image;

    /// <summary>"2017-12-04"; "latest" when the spec names none.</summary>
    public string Tag => Image.LastIndexOf(':') is var colon && colon > Image.LastIndexOf('/') ? Image[(colon + 1)..] : "latest";
}

/// <summary>The workload a pod belongs to, resolved from its owner references.</summary>
public readonly record struct WorkloadRef(WorkloadKind Kind, string Name);

/// <summary>
/// The dozen fields of a pod the panels need, projected at the edge; never the whole V1Pod. Strings that repeat across
/// pods (namespaces, node names, label keys and values) are interned by the projection.
/// </summary>
public sealed record PodInfo(
    string Namespace,
    string Name,
    string? NodeName,
    string Phase,
    bool Ready,
    WorkloadRef Owner,
    string? Revision,
    int Restarts,
    string? WaitingReason,
    string? LastTerminationReason,
    DateTimeOffset? LastTerminatedAt,
    DateTimeOffset Created,
    bool Terminating,
    string? PodIp,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Each container's image and digest, for the versions page; empty where the source does not say.</summary>
    public IReadOnlyList<ContainerImage> Images { get; init; } = [];

    public bool IsFinished => Phase is "Succeeded" or "Failed";
}
