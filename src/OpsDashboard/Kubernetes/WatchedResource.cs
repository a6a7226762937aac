using k8s;
using k8s.Models;

namespace OpsDashboard.Kubernetes;

/// <summary>A wrapper put around a resource's sink (the kube-sync benchmark times how soon a change reaches the state through one).</summary>
public delegate object SinkWrapper(string resource, object sink);

/// <summary>One resource's reflector on one cluster, whatever its object type.</summary>
public interface IResourceReflector
{
    string Resource { get; }

    ReflectorStats Stats { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A Kubernetes resource watched on every cluster for a panel: how to list and watch it, and what is kept of each
/// object (a compact projection under a key, never the whole object). Declared by the panel that owns it, in its folder
/// (<see cref="Panels.PanelDefinition.KubernetesResources"/>); the fleet watches the resources of every registered panel.
/// </summary>
public abstract class WatchedResource(string name)
{
    /// <summary>"pods", "nodes", …: in messages, metrics and <see cref="ClusterState.ConfirmedAt"/>.</summary>
    public string Name { get; } = name;

    internal abstract object CreateSink(ClusterState state);

    internal abstract IResourceReflector CreateReflector(ClusterState state, object sink, IKubernetes client, ReflectorContext context);

    public override string ToString() => Name;
}

/// <summary>What every reflector of one cluster shares.</summary>
internal sealed record ReflectorContext(ApiServerContact Contact, ReflectorOptions Options, TimeProvider Time, Random Random, ILoggerFactory Loggers, SinkWrapper? Wrap);

/// <summary>What a sink tells its owner besides keeping the value: a panel's per-cluster ledgers (restarts, event counts).</summary>
public sealed record SinkHooks<TKey, TValue>(Action<TKey, TValue>? Upserted, Action<TKey>? Removed);

/// <param name="name">The resource as the API names it: "pods".</param>
/// <param name="api">The list and watch calls, from KubernetesClient's generated methods.</param>
/// <param name="key">What identifies an object (its namespace and name, a uid).</param>
/// <param name="project">What is kept of it; null keeps nothing (an object the panel does not show).</param>
/// <param name="hooks">Per cluster, what else watches the sink's changes; null for nothing.</param>
public sealed class WatchedResource<TObj, TKey, TValue>(
    string name,
    Func<IKubernetes, ResourceApi<TObj>> api,
    Func<TObj, TKey> key,
    Func<TObj, StringPool, TValue?> project,
    Func<ClusterState, SinkHooks<TKey, TValue>>? hooks = null) : WatchedResource(name)
    where TObj : IKubernetesObject<V1ObjectMeta>
    where TKey : notnull
{
    /// <summary>The same resource, listed and watched alike, keeping another projection (the kube-sync benchmark's peer keeps less).</summary>
    public WatchedResource<TObj, TKey, TValue> Projecting(Func<TObj, StringPool, TValue?> other) => new(Name, api, key, other, hooks);

    internal override object CreateSink(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var on = hooks?.Invoke(state);
        return new KeyedSink<TObj, TKey, TValue>(state, Name, key, o => project(o, state.Pool), on?.Upserted, on?.Removed);
    }

    internal override IResourceReflector CreateReflector(ClusterState state, object sink, IKubernetes client, ReflectorContext context)
    {
        var wrapped = (IReflectorSink<TObj>)(context.Wrap?.Invoke(Name, sink) ?? sink);
        return new Reflector<TObj>(state.Name, api(client), wrapped, context.Contact, context.Options, context.Time, context.Random,
            context.Loggers.CreateLogger($"OpsDashboard.Kubernetes.Reflector.{Name}"));
    }
}
