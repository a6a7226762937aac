using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpsDashboard.History;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.Freshness;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;
using k8s.Models;

namespace OpsDashboard.Tests.ScaleOut;

/// <summary>
/// Replicas of the real app against the fake Kubernetes API (the Lease), a real PostgreSQL and three fake pods with
/// health pages (the polled upstream): one polls for all, all show the same tiles, a dead leader is replaced within
/// the lease, and with no leader left the tiles say their data is stale. Leader election keeps wall-clock time, so
/// these run on real seconds, with a 2 s lease.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaLeadershipTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Pods = 3;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    /// <summary>How long a look for a pending notification waits (Npgsql's Wait(0) would wait for ever).</summary>
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(10);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));
    private readonly TempDirectory _dir = new();
    private readonly List<DashboardReplica> _replicas = [];
    private FakeKubernetesApiServer _api = null!;
    private FakePodFleet _pods = null!;
    private string _database = null!;

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApiServer.StartAsync();
        _pods = await FakePodFleet.StartAsync();
        _database = await postgres.Server.CreateDatabaseAsync("replicas", Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await _pods.DisposeAsync();
        await _api.DisposeAsync();
        _dir.Dispose();
        _timeout.Dispose();
    }

    private async Task<DashboardReplica> StartAsync(string name)
    {
        var settings = ScaleOutSettings.FreshnessPolling(_pods, Pods);
        var replica = await DashboardReplica.StartAsync(name, ScaleOutSettings.For(name, _database, _api.WriteKubeconfig(_dir.File("kubeconfig.yaml")), settings), Token);
        _replicas.Add(replica);
        return replica;
    }

    private static TileEntry? Freshness(DashboardReplica replica) => replica.Store.Current.Tiles.Values.SingleOrDefault(t => t.Key.Panel == FreshnessPanel.Kind);

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    private static long? Millis(TileEntry? tile) => tile?.TakenAt?.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Two_replicas_poll_the_pods_as_often_as_one_and_show_the_same_tile()
    {
        var a = await StartAsync("replica-a");
        var b = await StartAsync("replica-b");
        await Eventually.HoldsAsync(() => a.Leadership.IsLeader ^ b.Leadership.IsLeader, Within, "one of two replicas leads", Token);
        var (leader, follower) = a.Leadership.IsLeader ? (a, b) : (b, a);
        await Eventually.HoldsAsync(() => Freshness(follower)?.Snapshot is not null, Within, "the follower has the leader's tile", Token);

        // Count the leader's polls (each a new TakenAt) and the pods' requests over the same rounds.
        var rounds = new HashSet<DateTimeOffset>();
        var before = _pods.Requests;
        var first = Freshness(leader)!.TakenAt!.Value;
        await Eventually.HoldsAsync(() =>
        {
            if (Freshness(leader)?.TakenAt is { } taken && taken > first)
            {
                rounds.Add(taken);
            }

            return rounds.Count >= 5;
        }, Within, "five polling rounds", Token);
        var requests = _pods.Requests - before;

        // One replica's cost is one request per pod per round; two polling replicas would cost twice that.
        Assert.InRange(requests, Pods * rounds.Count, Pods * (rounds.Count + 1));
        Assert.True(leader.Leadership.IsLeader && !follower.Leadership.IsLeader, "leadership stayed put");
        Assert.Equal(leader.Leadership.Identity, _api.Get<V1Lease>("ops", "opsdashboard-leader")!.Spec.HolderIdentity);

        // The database keeps milliseconds: the follower's reading is the leader's to the millisecond.
        await Eventually.HoldsAsync(() => Millis(Freshness(follower)) == Millis(Freshness(leader)), Within, "the follower shows the leader's latest reading", Token);
        var (l, f) = (Freshness(leader)!, Freshness(follower)!);
        Assert.Equal((l.Key, l.Snapshot!.Headline, l.Snapshot.Health, l.StaleAfter, l.IsDemo), (f.Key, f.Snapshot!.Headline, f.Snapshot.Health, f.StaleAfter, f.IsDemo));
        Assert.Equal(TileCondition.Fresh, f.ConditionAt(Now));
    }

    [Fact]
    public async Task A_followers_open_timeline_rereads_when_the_leader_commits_a_change_and_finds_it_in_the_one_history()
    {
        await using var listener = new NpgsqlConnection(_database);
        await listener.OpenAsync(Token);
        var notices = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notices);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresHistoryDialect.TimelineChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync(Token);
        }

        var a = await StartAsync("replica-a");
        await Eventually.HoldsAsync(() => a.Leadership.IsLeader, Within, "the first replica leads", Token);
        await Eventually.HoldsAsync(() => { listener.Wait(Glance); return notices >= 1; }, Within, "the leader's first timeline row is announced", Token);

        // The follower starts after that row: whatever its timeline hears from now on is news.
        var b = await StartAsync("replica-b");
        await Eventually.HoldsAsync(() => Freshness(b)?.Snapshot?.Health == DataHealth.Ok, Within, "the follower shows the tile OK", Token);
        var feed = b.Services.GetRequiredService<TimelineFeed>();
        var heard = feed.Version;

        // Every pod's database goes stale: the leader's tile turns CRITICAL and its recorder writes the change.
        for (var i = 0; i < Pods; i++)
        {
            _pods.Set($"bedrock-web-{i}", FakeHealthPage.Bedrock(dbAgeSeconds: 86_400));
        }

        await Eventually.HoldsAsync(() => feed.Version > heard, Within, "the follower's timeline hears the leader wrote rows", Token);

        // The notice comes with the commit: the rows are there to read at once.
        var rows = await b.Services.GetRequiredService<HistoryDatabase>().ReadAsync(
            (db, ct) => db.QueryEventsAsync(new TimelineFilter(Now.AddMinutes(-5), Now) { Panel = FreshnessPanel.Kind }, 10, null, ct), Token);
        Assert.Contains(rows.Events, e => e.Kind == TimelineKind.TileState && e.Reason.EndsWith("CRITICAL", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => Freshness(b)?.Snapshot?.Health == DataHealth.Critical, Within, "the follower shows the tile CRITICAL", Token);
    }

    [Fact]
    public async Task When_the_leader_stops_it_hands_the_lease_back_and_the_other_replica_takes_it_and_polls()
    {
        var a = await StartAsync("replica-a");
        await Eventually.HoldsAsync(() => a.Leadership.IsLeader, Within, "the first replica leads", Token);
        var b = await StartAsync("replica-b");
        await Eventually.HoldsAsync(() => Freshness(b)?.Snapshot is not null, Within, "the follower has the leader's tile", Token);
        Assert.False(b.Leadership.IsLeader);

        await a.StopAsync();
        var died = Now;
        // Told by the Lease, not a stopwatch (a loaded machine slows every retry): the stopped leader handed it back (an
        // empty holder, or the follower's already), and the follower leads at one of its retries.
        var handedBack = _api.Get<V1Lease>("ops", "opsdashboard-leader")!.Spec.HolderIdentity;
        Assert.True(string.IsNullOrEmpty(handedBack) || handedBack == "replica-b", $"the Lease still names {handedBack} after its leader stopped");
        await Eventually.HoldsAsync(() => b.Leadership.IsLeader, Within, "the follower takes over", Token);
        var lease = _api.Get<V1Lease>("ops", "opsdashboard-leader")!;
        Assert.Equal("replica-b", lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1, "a takeover counts a transition");

        var polledBefore = _pods.Requests;
        await Eventually.HoldsAsync(() => Freshness(b)?.TakenAt > died && _pods.Requests >= polledBefore + (2 * Pods), Within, "the new leader polls the pods itself", Token);
        Assert.Equal(TileCondition.Fresh, Freshness(b)!.ConditionAt(Now));
    }

    [Fact]
    public async Task A_follower_left_without_a_leader_shows_the_last_data_as_stale_never_as_fresh()
    {
        var a = await StartAsync("replica-a");
        await Eventually.HoldsAsync(() => a.Leadership.IsLeader, Within, "the first replica leads", Token);
        var b = await StartAsync("replica-b");
        await Eventually.HoldsAsync(() => Freshness(b)?.ConditionAt(Now) == TileCondition.Fresh, Within, "the follower shows fresh data", Token);

        // The leader dies and the API server is down: nobody can take the Lease.
        await _api.StopAsync();
        await a.StopAsync();
        var last = Freshness(a)!.TakenAt!.Value;
        var staleAfter = Freshness(b)!.StaleAfter;

        await Eventually.HoldsAsync(() => Freshness(b)!.ConditionAt(Now) == TileCondition.Stale, staleAfter + Within, "the follower's tile turns stale", Token);
        var tile = Freshness(b)!;
        Assert.False(b.Leadership.IsLeader, "nobody could take the Lease");
        Assert.True(tile.TakenAt <= last, "no reading newer than the dead leader's last one");
        Assert.True(tile.AgeAt(Now) > staleAfter, "the age counts from when the leader took the reading");
    }
}
