using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.History;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.Freshness;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.ScaleOut;

/// <summary>
/// PostgreSQL goes away while two replicas run, on a server of this test's own so it can be killed: the leader keeps
/// polling and showing fresh data, the follower's copy turns stale (never passes for fresh), the leader's history
/// banner says so; when the database is back the follower is fed again.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private const int Pods = 2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(150));
    private readonly TempDirectory _dir = new();
    private readonly List<DashboardReplica> _replicas = [];
    private PostgresServer _postgres = null!;
    private FakeKubernetesApiServer _api = null!;
    private FakePodFleet _pods = null!;

    private CancellationToken Token => _timeout.Token;

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(Token);
        _api = await FakeKubernetesApiServer.StartAsync();
        _pods = await FakePodFleet.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await _pods.DisposeAsync();
        await _api.DisposeAsync();
        await _postgres.DisposeAsync();
        _dir.Dispose();
        _timeout.Dispose();
    }

    private async Task<DashboardReplica> StartAsync(string name, string database)
    {
        // Figures sampled every second, so the history writer meets the outage (and the recovery) within a second.
        var polling = ScaleOutSettings.FreshnessPolling(_pods, Pods);
        polling["Dashboard:History:SampleInterval"] = "00:00:01";
        var settings = ScaleOutSettings.For(name, database, _api.WriteKubeconfig(_dir.File("kubeconfig.yaml")), polling);
        var replica = await DashboardReplica.StartAsync(name, settings, Token);
        _replicas.Add(replica);
        return replica;
    }

    private static TileEntry? Freshness(DashboardReplica replica) => replica.Store.Current.Tiles.Values.SingleOrDefault(t => t.Key.Panel == FreshnessPanel.Kind);

    [Fact]
    public async Task Without_the_database_the_leader_stays_fresh_the_follower_goes_stale_and_both_recover()
    {
        var database = await _postgres.CreateDatabaseAsync("outage", Token);
        var a = await StartAsync("replica-a", database);
        await Eventually.HoldsAsync(() => a.Leadership.IsLeader, Within, "the first replica leads", Token);
        var b = await StartAsync("replica-b", database);
        await Eventually.HoldsAsync(() => Freshness(b)?.ConditionAt(Now) == TileCondition.Fresh, Within, "the follower shows fresh data", Token);

        await _postgres.StopAsync();
        var staleAfter = Freshness(b)!.StaleAfter;
        await Eventually.HoldsAsync(() => Freshness(b)!.ConditionAt(Now) == TileCondition.Stale, staleAfter + Within, "the follower's copy turns stale", Token);
        Assert.Equal(TileCondition.Fresh, Freshness(a)!.ConditionAt(Now));
        Assert.True(a.Leadership.IsLeader, "the Lease lives in Kubernetes, not in the database");
        await Eventually.HoldsAsync(() => a.Services.GetRequiredService<HistoryHealth>().Problem is not null, Within, "the leader's history banner shows the outage", Token);
        var banner = a.Services.GetRequiredService<HistoryHealth>().Problem!.Message;
        Assert.Contains("cannot be reached", banner, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, banner, StringComparison.Ordinal);

        await _postgres.StartAgainAsync(Token);
        await Eventually.HoldsAsync(() => Freshness(b)?.ConditionAt(Now) == TileCondition.Fresh, Within, "the follower is fed again", Token);
        await Eventually.HoldsAsync(() => a.Services.GetRequiredService<HistoryHealth>().Problem is null, Within, "the leader records history again", Token);
    }
}
