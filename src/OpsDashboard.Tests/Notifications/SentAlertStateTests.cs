using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsDashboard.History;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.Fakes.Notifications;
using OpsDashboard.Tests.ScaleOut;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>What was sent survives: a restarted dispatcher over the same history database, and two replicas over one PostgreSQL with one Lease leader.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SentAlertStateTests(PostgresFixture postgres) : IDisposable
{
    private static readonly PanelKey Tokyo = new(NodesPanel.Kind, "tokyo", "tokyo");
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly TempDirectory _dir = new();

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_dispatcher_restarted_over_the_same_sqlite_file_neither_sends_the_open_alert_again_nor_forgets_to_resolve_it_once()
    {
        await using var receiver = new FakeWebhookReceiver();
        var store = new PanelStore(TimeProvider.System);
        var options = Options(receiver);
        using var http = new HttpClient();
        Critical(store);

        var firstLog = new NotificationLog();
        await using (var firstDb = Database(new SqliteHistoryLocation(_dir.File("history.db"))))
        {
            var first = new NotificationDispatcher(store, TimeProvider.System, options, firstLog, http, new SingleReplica(), new SentAlertState(firstDb));
            await first.StartAsync(Token);
            Assert.Equal("firing", (string?)(await receiver.NextAsync(Token))["status"]);
            await Eventually.HoldsAsync(() => firstLog.Recent.Any(r => r.Outcome == DeliveryOutcome.Sent), Within, "the firing recorded as sent", Token);
            await first.StopAsync(CancellationToken.None);
        }

        await using var secondDb = Database(new SqliteHistoryLocation(_dir.File("history.db")));
        var secondLog = new NotificationLog();
        var second = new NotificationDispatcher(store, TimeProvider.System, options, secondLog, http, new SingleReplica(), new SentAlertState(secondDb));
        await second.StartAsync(Token);
        try
        {
            await Eventually.HoldsAsync(() => second.Open.Any(o => o.Tile == Tokyo), Within, "the restarted dispatcher knows the open alert", Token);
            Ok(store);

            // Had the restart forgotten what was sent, a second firing would be queued ahead of (or instead of) the resolve.
            var next = await receiver.NextAsync(Token);
            Assert.Equal("resolved", (string?)next["status"]);
            Assert.NotNull((string?)next["alerts"]![0]!["annotations"]!["lasted"]);
            Assert.Equal(2, receiver.Requests);
            await Eventually.HoldsAsync(() => secondLog.Recent.Any(r => r.Phase == AlertPhase.Resolved && r.Outcome == DeliveryOutcome.Sent), Within, "the resolve recorded as sent", Token);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }

        await using var check = Database(new SqliteHistoryLocation(_dir.File("history.db")));
        Assert.Empty(await new SentAlertState(check).LoadAsync(second.Outboxes[0].Target.Name, Token));
    }

    [Fact]
    public async Task Two_replicas_over_one_postgres_send_one_message_from_the_leader_and_the_next_leader_resolves_it_once_without_firing_again()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync("notify", Token));
        await using var receiver = new FakeWebhookReceiver();
        using var http = new HttpClient();
        var kubeconfig = api.WriteKubeconfig(_dir.File("kubeconfig.yaml"));
        var replicas = new List<Replica>();
        try
        {
            foreach (var name in new[] { "replica-a", "replica-b" })
            {
                var replica = new Replica(name, kubeconfig, dataSource, Options(receiver), http);
                replicas.Add(replica);
                Critical(replica.Store);
                await replica.StartAsync(Token);
            }

            Assert.Equal("firing", (string?)(await receiver.NextAsync(Token))["status"]);
            await Eventually.HoldsAsync(() => replicas.Any(r => r.Log.Recent.Any(d => d.Outcome == DeliveryOutcome.Sent)), Within, "the firing recorded as sent", Token);
            var leader = replicas.Single(r => r.Log.Recent.Count > 0);
            var follower = replicas.Single(r => r != leader);
            Assert.True(leader.Leadership.IsLeader);
            Assert.Empty(follower.Log.Recent);
            Assert.Empty(follower.Dispatcher.Open);

            await leader.StopAsync();
            await Eventually.HoldsAsync(() => follower.Dispatcher.Open.Any(o => o.Tile == Tokyo), Within, "the new leader carries on with the open alert", Token);
            Ok(follower.Store);

            var next = await receiver.NextAsync(Token);
            Assert.Equal("resolved", (string?)next["status"]);
            Assert.Equal(2, receiver.Requests);
            await Eventually.HoldsAsync(() => follower.Log.Recent.Any(r => r.Phase == AlertPhase.Resolved && r.Outcome == DeliveryOutcome.Sent), Within, "the resolve recorded as sent", Token);
            Assert.Single(follower.Log.Recent);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.StopAsync();
            }
        }
    }

    private static IOptions<NotificationOptions> Options(FakeWebhookReceiver receiver) => Microsoft.Extensions.Options.Options.Create(new NotificationOptions
    {
        For = TimeSpan.Zero,
        Webhooks = [new WebhookChannelOptions { Url = receiver.Url.ToString() }],
    });

    private static HistoryDatabase Database(HistoryLocation location) => new(new HistoryHealth(), TimeProvider.System,
        Microsoft.Extensions.Options.Options.Create(new HistoryOptions()), location, NullLogger<HistoryDatabase>.Instance);

    private static void Critical(PanelStore store) =>
        store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(3).Build(), TimeProvider.System.GetUtcNow(), isDemo: false, TimeSpan.FromMinutes(5));

    private static void Ok(PanelStore store) =>
        store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), TimeProvider.System.GetUtcNow(), isDemo: false, TimeSpan.FromMinutes(5));

    /// <summary>One replica: its own store, its Lease election on the fake API server, its dispatcher over the shared database.</summary>
    private sealed class Replica
    {
        private readonly HistoryDatabase _database;
        private bool _stopped;

        public Replica(string identity, string kubeconfig, NpgsqlDataSource dataSource, IOptions<NotificationOptions> options, HttpClient http)
        {
            var lease = new ScaleOutLeaseOptions
            {
                Identity = identity,
                Namespace = "ops",
                LeaseDuration = ScaleOutSettings.LeaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(1.5),
                RetryPeriod = TimeSpan.FromSeconds(0.25),
            };
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            config.HttpClientTimeout = lease.RenewDeadline;
            Leadership = new LeaseLeadership(lease, new k8s.Kubernetes(config), TimeProvider.System, NullLogger<LeaseLeadership>.Instance);
            _database = Database(new PostgresHistoryLocation(dataSource));
            Dispatcher = new NotificationDispatcher(Store, TimeProvider.System, options, Log, http, Leadership, new SentAlertState(_database));
        }

        public PanelStore Store { get; } = new(TimeProvider.System);

        public NotificationLog Log { get; } = new();

        public LeaseLeadership Leadership { get; }

        public NotificationDispatcher Dispatcher { get; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await Leadership.StartAsync(cancellationToken);
            await Dispatcher.StartAsync(cancellationToken);
        }

        public async Task StopAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await Dispatcher.StopAsync(CancellationToken.None);
            await Leadership.StopAsync(CancellationToken.None);
            Leadership.Dispose();
            Dispatcher.Dispose();
            await _database.DisposeAsync();
        }
    }
}
