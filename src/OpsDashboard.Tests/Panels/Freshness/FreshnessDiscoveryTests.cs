using System.Net;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Freshness;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Freshness;

/// <summary>
/// Pods found through the fake Kubernetes API and asked on their own addresses: each pod is a health page server on
/// its own loopback IP (127.0.0.2, 127.0.0.3), on the same port, as pods are in a cluster.
/// </summary>
public sealed class FreshnessDiscoveryTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly List<FakePodFleet> _pods = [];
    private FakeKubernetesApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var pod in _pods)
        {
            await pod.DisposeAsync();
        }

        await _api.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Running_pods_matching_the_selector_are_found_and_asked_others_are_not()
    {
        var first = await FakePodFleet.StartAsync(IPAddress.Parse("127.0.0.2"));
        var second = await FakePodFleet.StartAsync(IPAddress.Parse("127.0.0.3"), first.Port);
        _pods.AddRange([first, second]);
        first.Set("*", FakeHealthPage.Bedrock(dbAgeSeconds: 120));
        second.Set("*", FakeHealthPage.Bedrock(dbAgeSeconds: 700));

        Upsert("bedrock-web-1", "127.0.0.2", "bedrock-web");
        Upsert("bedrock-web-2", "127.0.0.3", "bedrock-web");
        Upsert("bedrock-clock-1", "127.0.0.4", "bedrock-clock");
        _api.Upsert(new V1PodBuilder("bedrock-web-3", "bedrock-prod").Labelled("app", "bedrock-web").Pending().Build());

        var options = Options.Create(new KubernetesOptions
        {
            Clusters = [new KubernetesClusterOptions { Name = "oregon-b", Context = "oregon-b", Kubeconfig = _api.WriteKubeconfig(_dir.File("kubeconfig"), "oregon-b") }],
        });
        using var fleet = new KubernetesFleet(options, TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await fleet.StartAsync(stop.Token);
        var app = new FreshnessAppOptions { Name = "bedrock", Namespace = "bedrock-prod", LabelSelector = "app=bedrock-web", Port = first.Port, Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMilliseconds(1500) };
        using var source = new HttpFreshnessSource(app, fleet, TimeProvider.System);
        var sink = new RecordingSink<AppFreshness>();
        var run = source.RunAsync(sink, stop.Token);

        var reading = await sink.NextAsync(stop.Token);

        Assert.Equal(("oregon-b", "bedrock"), (reading.Group, reading.Target));
        Assert.Equal(["bedrock-web-1", "bedrock-web-2"], reading.Snapshot.Pods.Select(p => p.Pod));
        Assert.Equal(FreshnessState.Fresh, reading.Snapshot.Pods[0].State);
        Assert.Equal(FreshnessState.Stale, reading.Snapshot.Pods[1].State);
        Assert.Equal("http://127.0.0.3:" + first.Port + "/healthz-cron/", reading.Snapshot.Pods[1].Url);
        Assert.Equal("bedrock-web-2 DB 11 min old (max 10 min)", reading.Snapshot.Why);
        await stop.CancelAsync();
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await fleet.StopAsync(CancellationToken.None);
    }

    private void Upsert(string name, string ip, string app)
    {
        var pod = new V1PodBuilder(name, "bedrock-prod").Labelled("app", app).Build();
        pod.Status.PodIP = ip;
        _api.Upsert(pod);
    }
}
