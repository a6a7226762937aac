using Microsoft.Extensions.Logging.Abstractions;
using OpsDashboard.Cli;
using OpsDashboard.History;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Notifications;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>Silences set from the CLI into the history database, honoured by the dispatcher for the direct channels.</summary>
public sealed class SilenceTests : IDisposable
{
    private static readonly PanelKey Tokyo = new(NodesPanel.Kind, "tokyo", "tokyo");
    private static readonly PanelKey Osaka = new(NodesPanel.Kind, "osaka", "osaka");
    private static readonly PanelKey Kyoto = new(NodesPanel.Kind, "kyoto", "kyoto");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));
    private readonly TempDirectory _dir = new();

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData("cluster=tokyo", "tokyo", "nodes", true)]
    [InlineData("cluster=tokyo,panel=rds-import", "tokyo", "nodes", false)]
    [InlineData("cluster=Tokyo, panel=rds-import", "tokyo", "rds-import", true)]
    [InlineData("target=node-3", "tokyo", "nodes", false)]
    public void A_silence_matches_a_tile_when_every_matcher_does(string matchers, string cluster, string panel, bool matches)
    {
        var kind = panel == "nodes" ? NodesPanel.Kind : RdsImportPanel.Kind;
        var silence = Silence.Create(matchers, "maintenance", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), "alice");

        Assert.Equal(matches, silence.Matches(new PanelKey(kind, cluster, cluster)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("namespace=web")]
    [InlineData("cluster=")]
    public void A_matcher_that_is_not_one_is_refused_with_what_to_write(string matchers)
    {
        var error = Assert.Throws<FormatException>(() => Silence.Parse(matchers));

        Assert.Contains("cluster=NAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silence_set_writes_timeline_rows_for_its_start_and_end_with_who_matcher_and_reason_read_back_by_kind()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DashboardTestContext.Start);
        await using var database = TestHistory.Database(_dir.Path, new HistoryHealth(), clock);
        var book = new SilenceBook(database);
        var start = DashboardTestContext.Start;
        Assert.True(await book.AddAsync(Silence.Create("cluster=tokyo,panel=rds-import", "kernel upgrade", start, start.AddHours(2), "alice"), Token));

        var rows = await database.ReadAsync((db, ct) => db.QueryEventsOldestFirstAsync(new OpsDashboard.Timeline.TimelineFilter(start.AddHours(-1), start.AddHours(3)) { Cluster = "tokyo", Panel = RdsImportPanel.Kind }, 100, ct), Token);

        Assert.Collection(rows,
            started =>
            {
                Assert.Equal(OpsDashboard.Timeline.TimelineKind.SilenceStarted, started.Kind);
                Assert.Equal(start, started.At);
                Assert.Equal(start.AddHours(2), started.Until);
                Assert.Equal("Silence/cluster=tokyo,panel=rds-import", started.InvolvedObject);
                Assert.Equal("alice silenced cluster=tokyo,panel=rds-import until 2026-11-22 14:00 UTC: kernel upgrade", started.Message);
            },
            ended =>
            {
                Assert.Equal(OpsDashboard.Timeline.TimelineKind.SilenceEnded, ended.Kind);
                Assert.Equal(start.AddHours(2), ended.At);
                Assert.Equal("alice's silence of cluster=tokyo,panel=rds-import ended: kernel upgrade", ended.Message);
            });
        Assert.Equal([8, 9], rows.Select(r => r.Kind.Code));
    }

    [Fact]
    public async Task A_tile_still_critical_when_its_silence_ends_is_sent_exactly_once_then_on_fake_time()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DashboardTestContext.Start);
        await using var database = TestHistory.Database(_dir.Path, new HistoryHealth(), clock);
        var book = new SilenceBook(database);
        var ends = DashboardTestContext.Start.AddSeconds(10);
        Assert.True(await book.AddAsync(Silence.Create("cluster=tokyo", "kernel upgrade", DashboardTestContext.Start, ends, "alice"), Token));
        await using var receiver = new FakeWebhookReceiver();
        var store = new PanelStore(clock);
        using var http = new HttpClient();
        var dispatcher = new NotificationDispatcher(store, clock, Microsoft.Extensions.Options.Options.Create(new NotificationOptions
        {
            For = TimeSpan.Zero,
            Webhooks = [new WebhookChannelOptions { Url = receiver.Url.ToString() }],
        }), new NotificationLog(), http, new SingleReplica(), new SentAlertState(database), book);
        void Critical(PanelKey tile) => store.Publish(tile, new ClusterNodesBuilder(tile.Group).Ready(2).NotReady(3).Build(), clock.GetUtcNow(), isDemo: false, TimeSpan.FromDays(1));
        async Task<string?> NextClusterAsync()
        {
            // Fake time moves a tick at a time until the receiver has the next message: the receipt is the signal.
            var next = receiver.NextAsync(Token);
            while (!next.IsCompleted)
            {
                clock.Advance(NotificationDispatcher.Tick);
                await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Token));
            }

            return (string?)(await next)["commonLabels"]!["cluster"];
        }

        Critical(Tokyo);
        Critical(Osaka);
        await dispatcher.StartAsync(Token);
        try
        {
            Assert.Equal("osaka", (string?)(await receiver.NextAsync(Token))["commonLabels"]!["cluster"]);
            Assert.Equal("tokyo", await NextClusterAsync());
            // The clock moves only in NextClusterAsync: tokyo going in the first tick with osaka would arrive with it still at the start.
            Assert.True(clock.GetUtcNow() >= ends, $"tokyo arrived at {clock.GetUtcNow():HH:mm:ss}, before its silence ended at {ends:HH:mm:ss}");

            var nagoya = new PanelKey(NodesPanel.Kind, "nagoya", "nagoya");
            Critical(nagoya);
            Assert.Equal("nagoya", await NextClusterAsync());
            Assert.Equal(3, receiver.Requests);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_silence_set_from_the_cli_holds_back_its_tiles_firing_while_others_go_at_once()
    {
        var path = _dir.File("history.db");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SilenceCommand.RunAsync(["add", "--match", "cluster=tokyo", "--reason", "kernel upgrade", "--by", "alice", "--for", "1h", $"--Dashboard:History:Path={path}"], output, error, TimeProvider.System, Token);
        Assert.True(code == 0, error.ToString());
        Assert.StartsWith("silenced cluster=tokyo until ", output.ToString(), StringComparison.Ordinal);
        using var listed = new StringWriter();
        Assert.Equal(0, await SilenceCommand.RunAsync(["list", $"--Dashboard:History:Path={path}"], listed, error, TimeProvider.System, Token));
        Assert.Contains("cluster=tokyo", listed.ToString(), StringComparison.Ordinal);
        Assert.Contains("by alice\tkernel upgrade", listed.ToString(), StringComparison.Ordinal);

        await using var receiver = new FakeWebhookReceiver();
        await using var database = new HistoryDatabase(new HistoryHealth(), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new HistoryOptions()),
            new SqliteHistoryLocation(path), NullLogger<HistoryDatabase>.Instance);
        var book = new SilenceBook(database);
        var silence = Assert.Single(await book.CurrentAsync(TimeProvider.System.GetUtcNow(), Token));
        var store = new PanelStore(TimeProvider.System);
        using var http = new HttpClient();
        var dispatcher = new NotificationDispatcher(store, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new NotificationOptions
        {
            For = TimeSpan.Zero,
            Webhooks = [new WebhookChannelOptions { Url = receiver.Url.ToString() }],
        }), new NotificationLog(), http, new SingleReplica(), new SentAlertState(database), book);
        await dispatcher.StartAsync(Token);
        try
        {
            foreach (var tile in new[] { Tokyo, Osaka })
            {
                store.Publish(tile, new ClusterNodesBuilder(tile.Group).Ready(2).NotReady(3).Build(), TimeProvider.System.GetUtcNow(), isDemo: false, TimeSpan.FromMinutes(5));
            }

            // An hour's silence, so no machine is slow enough to see it end here (its end is tested on fake time below):
            // osaka goes at once, and the next message is a tile that changed after tokyo did, not tokyo.
            var first = await receiver.NextAsync(Token);
            Assert.Equal("osaka", (string?)first["commonLabels"]!["cluster"]);
            store.Publish(Kyoto, new ClusterNodesBuilder("kyoto").Ready(2).NotReady(3).Build(), TimeProvider.System.GetUtcNow(), isDemo: false, TimeSpan.FromMinutes(5));
            var second = await receiver.NextAsync(Token);
            Assert.Equal("kyoto", (string?)second["commonLabels"]!["cluster"]);
            Assert.True(TimeProvider.System.GetUtcNow() < silence.EndsAt);
            Assert.Equal(2, receiver.Requests);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }
}
