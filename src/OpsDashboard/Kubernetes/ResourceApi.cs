using k8s;
using k8s.Models;

namespace OpsDashboard.Kubernetes;

/// <summary>One page of a paginated list, with the list's resourceVersion to watch from.</summary>
public sealed record ResourcePage<T>(IList<T> Items, string ResourceVersion, string? Continue);

/// <summary>
/// The list and watch calls of one resource type, so the reflector is written once for nodes, pods, events and
/// workloads. Built from KubernetesClient's generated methods.
/// </summary>
public sealed class ResourceApi<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Func<int, string?, CancellationToken, Task<ResourcePage<T>>> _list;
    private readonly Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;

    public ResourceApi(
        string resource,
        Func<int, string?, CancellationToken, Task<ResourcePage<T>>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        Resource = resource;
        _list = list;
        _watch = watch;
    }

    /// <summary>"pods", "nodes", "events", ... for messages and metrics.</summary>
    public string Resource { get; }

    public Task<ResourcePage<T>> ListAsync(int limit, string? continueToken, CancellationToken cancellationToken) =>
        _list(limit, continueToken, cancellationToken);

    /// <summary>Watches from <paramref name="resourceVersion"/>; bad lines and Status events go to <paramref name="onError"/>.</summary>
    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        _watch(resourceVersion, timeoutSeconds, onError, cancellationToken);

    /// <summary>Builds an api from KubernetesClient's typed list and watch calls of one resource.</summary>
    public static ResourceApi<T> Create<TList>(
        string resource,
        Func<int, string?, CancellationToken, Task<TList>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        ArgumentNullException.ThrowIfNull(list);
        return new ResourceApi<T>(
            resource,
            async (limit, token, ct) =>
            {
                var page = await list(limit, token, ct);
                var meta = page.Metadata;
                return new ResourcePage<T>(page.Items ?? [], meta?.ResourceVersion ?? "", string.IsNullOrEmpty(meta?.ContinueProperty) ? null : meta.ContinueProperty);
            },
            watch);
    }
}
