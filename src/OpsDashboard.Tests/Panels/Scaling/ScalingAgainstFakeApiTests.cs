using OpsDashboard.Panels.Scaling;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Scaling;

/// <summary>HPAs through the real KubernetesClient: listed, then followed by watch, from the fake API server.</summary>
public sealed class ScalingAgainstFakeApiTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private KubernetesHarness _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await KubernetesHarness.CreateAsync(_dir, "oregon-a", fake =>
        {
            fake.Upsert(new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(52, 70).Replicas(6).Build());
            fake.Upsert(new V2HorizontalPodAutoscalerBuilder("kumascript", "mdn-prod").Between(2, 8).Cpu(41, 70).Replicas(3).Build());
        });
        _cluster.Start();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Hpas_are_listed_then_a_scale_to_the_max_arrives_by_watch_and_names_the_hpa_on_the_tile()
    {
        await _cluster.WaitUntilAsync(s => s.AutoscalersSynced());
        var listed = _cluster.State.ScalingSnapshot(TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(10));
        Assert.Equal(["mdn-prod/kumascript 3 of 2–8", "mdn-prod/web 6 of 6–20"], listed.Autoscalers.Select(a => $"{a.Key} {a.CurrentReplicas} of {a.MinReplicas}–{a.MaxReplicas}"));
        Assert.Equal("2 HPAs, none at max", listed.Headline);
        await _cluster.WaitForAllWatchesAsync();

        _cluster.Fake.Upsert(new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(92, 70).Replicas(20, lastScale: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-11)).AtMax().Build());

        await _cluster.WaitUntilAsync(s => s.ScalingSnapshot(TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(10)).AtMax.Count == 1);
        var scaled = _cluster.State.ScalingSnapshot(TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(10));
        Assert.Equal("mdn-prod/web 20/20 at max", scaled.Headline);
        Assert.Equal(OpsDashboard.Pipeline.DataHealth.Warning, scaled.Health);
        Assert.Equal(["cpu 92%/70%"], scaled.AtMax[0].Metrics.Select(m => m.ToString()));
        Assert.Equal("TooManyReplicas", scaled.AtMax[0].Condition(Autoscaler.ScalingLimited)!.Reason);
    }
}
