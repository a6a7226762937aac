using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.Freshness;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Freshness;

/// <summary>The whole source against fake pods and a fake published-metadata file, both real HTTP on loopback.</summary>
public sealed class HttpFreshnessSourceTests : IAsyncLifetime
{
    private FakePodFleet _pods = null!;

    public async Task InitializeAsync() => _pods = await FakePodFleet.StartAsync();

    public async Task DisposeAsync() => await _pods.DisposeAsync();

    private static FakeHealthPage Metadata(string checksum, long updatedUnix) => new()
    {
        ContentType = "application/json",
        Body = $$"""{"checksum":"{{checksum}}","git_sha":"4f1c9a2e7b5d4c3a2b1f0e9d8c7b6a5f4e3d2c1b","updated":{{updatedUnix}},"file_name":"bedrock-4f1c9a2e7b.db"}""",
    };

    [Fact]
    public async Task Pods_behind_the_published_db_and_a_stalled_publisher_are_told_apart()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var published = clock.GetUtcNow().AddMinutes(-7).ToUnixTimeSeconds();
        _pods.Set("metadata", Metadata("new-db", published));
        var app = new FreshnessAppOptions
        {
            Name = "bedrock",
            Urls = [_pods.Set("a", FakeHealthPage.Bedrock(60, checksum: "new-db")).ToString(), _pods.Set("b", FakeHealthPage.Bedrock(200, checksum: "old-db")).ToString(), _pods.Set("c", FakeHealthPage.Bedrock(250, checksum: "old-db")).ToString()],
            MetadataUrl = new Uri($"http://127.0.0.1:{_pods.Port}/metadata/").ToString(),
        };
        using var source = new HttpFreshnessSource(app, fleet: null, clock);
        var sink = new RecordingSink<AppFreshness>();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = source.RunAsync(sink, cts.Token);
        var first = await sink.NextAsync(cts.Token);

        Assert.Equal(HttpFreshnessSource.ExternalGroup, first.Group);
        Assert.Equal(3, first.Snapshot.FreshCount);
        Assert.Equal(2, first.Snapshot.PodsBehind);
        Assert.False(first.Snapshot.PublisherStalled);
        Assert.Equal("2 pods still on the previous DB, published 7 min ago", first.Snapshot.Why);

        // Twenty minutes later the same DB is still the published one: the updater has stopped, the pods have not.
        clock.Advance(TimeSpan.FromMinutes(20));
        var later = await sink.NextAsync(cts.Token);
        Assert.True(later.Snapshot.PublisherStalled);
        Assert.Equal("publisher: no new DB for 27 min (expected every 5 min); pods are fine", later.Snapshot.Why);
        Assert.Equal(DataHealth.Warning, later.Snapshot.Health);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Theory]
    [InlineData("http://10.0.0.1:8000/healthz-cron/|http://10.0.0.2:8000/healthz-cron/", "10.0.0.1:8000|10.0.0.2:8000")]
    [InlineData("http://10.0.0.1:8000/a/healthz-cron/|http://10.0.0.1:8000/b/healthz-cron/|http://10.0.0.2:8000/healthz-cron/", "10.0.0.1:8000/a/healthz-cron|10.0.0.1:8000/b/healthz-cron|10.0.0.2:8000")]
    public void Health_pages_outside_kubernetes_each_get_a_name_of_their_own(string urls, string names)
    {
        var targets = HttpFreshnessSource.StaticTargets(urls.Split('|'));

        Assert.Equal(names.Split('|'), targets.Select(t => t.Pod));
    }
}
