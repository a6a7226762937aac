using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// A fake Kubernetes API server on 127.0.0.1: lists with pagination, watches with bookmarks and 410s, selectors,
/// discovery and server-side tables, in the wire format kubectl and KubernetesClient read; Leases can be created and
/// replaced with the API server's optimistic concurrency, for leader election. Objects are stored
/// serialized, so a 150,000-pod cluster is served without re-serializing. Shared by tests and benchmarks.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly FakeKubernetesOptions _options;
    private readonly FakeCluster _cluster;
    private readonly Lock _gate = new();
    private readonly X509Certificate2? _certificate;
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();

    private FakeKubernetesApiServer(FakeKubernetesOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.HistoryLimit);
        _options = options;
        _cluster = new FakeCluster(options.HistoryLimit, options.TimeProvider);
        Faults = new FakeKubernetesFaults(_cluster);
        _certificate = options.UseHttps ? SelfSignedCertificate.ForLoopback() : null;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>, or <c>https://</c> with <see cref="FakeKubernetesOptions.UseHttps"/>.</summary>
    public Uri BaseUri => new($"{(_options.UseHttps ? "https" : "http")}://127.0.0.1:{Port}/");

    public int Port { get; private set; }

    /// <summary>The resourceVersion of the latest change, as etcd's revision: one counter for every resource.</summary>
    public long ResourceVersion => _cluster.ResourceVersion;

    public FakeKubernetesFaults Faults { get; }

    public FakeKubernetesStats Stats { get; } = new();

    public static async Task<FakeKubernetesApiServer> StartAsync(FakeKubernetesOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeKubernetesApiServer(options ?? new FakeKubernetesOptions());
        await server.StartOnAsync(0, cancellationToken);
        return server;
    }

    /// <summary>
    /// Writes a kubeconfig with one context (server = <see cref="BaseUri"/>, bearer token) and returns its path. The
    /// token is by default the one the server requires, or any token when it requires none.
    /// </summary>
    public string WriteKubeconfig(string path, string contextName = "fake", string? token = null) =>
        FakeKubeconfig.Write(path, BaseUri, contextName, token ?? _options.RequiredToken ?? "fake-token", skipTlsVerify: _options.UseHttps);

    /// <summary>Adds or replaces an object (ADDED or MODIFIED for watches). The caller's object is not changed.</summary>
    public void Upsert<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        _cluster.Upsert(ResourceCatalog.For(typeof(T)), obj);
    }

    /// <summary>The stored object as a client would read it (e.g. the Lease the replicas elect with); null when absent.</summary>
    public T? Get<T>(string? @namespace, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceCatalog.For(typeof(T));
        return _cluster.Get(resource, resource.Namespaced ? @namespace ?? "default" : null, name) is { } stored ? (T)resource.Decode(stored.Json) : null;
    }

    /// <summary>Deletes an object (DELETED for watches); deleting one that does not exist changes nothing.</summary>
    public void Delete<T>(string? @namespace, string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        _cluster.Delete(ResourceCatalog.For(typeof(T)), @namespace, name);

    /// <summary>Takes the API down: open connections are reset and new ones refused, until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        WebApplication? app;
        lock (_gate)
        {
            (app, _app) = (_app, null);
        }

        if (app is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Brings the API up again on the same port, with the same objects and history.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartOnAsync(Port, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _certificate?.Dispose();
    }

    private async Task StartOnAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var tables = new TableWriter(Stats, _options.TimeProvider);
        var router = new ApiRouter(
            _options,
            Faults,
            Stats,
            new DiscoveryDocuments(_options.ServerVersion),
            new ListResponder(_cluster, Faults, Stats, tables, _options.TimeProvider),
            new WatchResponder(_cluster, Faults, Stats, tables, _options),
            new WriteResponder(_cluster, Stats));
        app.Run(context => router.HandleAsync(context, stopping.Token));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        lock (_gate)
        {
            _stopping.Dispose();
            (_app, _stopping, Port) = (app, stopping, new Uri(address).Port);
        }
    }
}
