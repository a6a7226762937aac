namespace OpsDashboard.Panels.Rollouts;

/// <summary>
/// What the rollouts panel keeps of a Deployment's ReplicaSet: which Deployment, its pod-template-hash, revision and
/// images. The newest revision's hash names the new pods, so only their failures stall a rollout; the one before it
/// says what the rollout replaced ("abc → def").
/// </summary>
public sealed record ReplicaSetRevision(string Namespace, string Deployment, string Hash, long Revision, IReadOnlyList<string> Images);
