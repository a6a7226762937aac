using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Cli;
using OpsDashboard.Components.Tiles;
using OpsDashboard.History;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Notifications;

/// <summary>
/// A silence the CLI writes into the history database reaches every replica's tiles (no dispatcher runs here, as on a
/// follower, whose dispatcher waits to lead) and pulses the live timeline when it appears and when it ends.
/// </summary>
public sealed class SilenceOnEveryReplicaTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));
    private readonly FollowerContext _ctx = new();

    private CancellationToken Token => _timeout.Token;

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_follower_tile_says_silenced_by_whom_until_when_for_a_silence_the_cli_set()
    {
        var clock = _ctx.Clock;
        var tokyo = new TileEntryBuilder().For(NodesPanel.Kind, "tokyo", "tokyo").TakenAt(clock.GetUtcNow()).Build();
        var tile = _ctx.Render<Tile>(p => p.Add(t => t.Entry, tokyo).Add(t => t.Now, clock.GetUtcNow()));
        await using var watcher = await _ctx.StartWatcherAsync(Token);
        var before = _ctx.Feed.Version;

        await _ctx.SilenceFromCliAsync("cluster=tokyo", "2h", Token);
        await _ctx.AdvanceUntilPulseAsync(before, Token);
        tile.Render(p => p.Add(t => t.Entry, tokyo).Add(t => t.Now, clock.GetUtcNow()));

        Assert.Equal("silenced by alice until 14:00 UTC", tile.Find("[data-silenced]").TextContent);
        Assert.Equal("kernel upgrade", tile.Find("[data-silenced]").GetAttribute("title"));
    }

    [Fact]
    public async Task A_silence_pulses_the_live_timeline_when_the_cli_sets_it_when_it_ends_and_at_once_when_set_from_a_page()
    {
        var clock = _ctx.Clock;
        await using var watcher = await _ctx.StartWatcherAsync(Token);
        var before = _ctx.Feed.Version;

        await _ctx.SilenceFromCliAsync("cluster=tokyo", "1m", Token);
        await _ctx.AdvanceUntilPulseAsync(before, Token);
        var tokyo = new OpsDashboard.Pipeline.PanelKey(NodesPanel.Kind, "tokyo", "tokyo");
        Assert.NotNull(_ctx.Book.Over(tokyo, clock.GetUtcNow()));
        var rows = await _ctx.Database.ReadAsync((store, ct) => store.QueryEventsOldestFirstAsync(new TimelineFilter(DashboardTestContext.Start.AddHours(-1), DashboardTestContext.Start.AddHours(1)), 100, ct), Token);
        Assert.Contains(rows, r => r.Kind == TimelineKind.SilenceStarted);

        var started = _ctx.Feed.Version;
        await _ctx.AdvanceUntilPulseAsync(started, Token);
        Assert.True(clock.GetUtcNow() >= DashboardTestContext.Start.AddMinutes(1), $"pulsed at {clock.GetUtcNow():HH:mm:ss}, before the silence ended");
        Assert.Null(_ctx.Book.Over(tokyo, clock.GetUtcNow()));

        var ended = _ctx.Feed.Version;
        Assert.True(await _ctx.Book.AddAsync(Silence.Create("cluster=osaka", "disk swap", clock.GetUtcNow(), clock.GetUtcNow().AddHours(1), "bob"), Token));
        Assert.True(_ctx.Feed.Version > ended, "a silence set from a page pulses the timeline at once");
    }

    private sealed class FollowerContext : DashboardTestContext
    {
        private readonly TempDirectory _dir;

        public FollowerContext()
            : this(new TempDirectory())
        {
        }

        private FollowerContext(TempDirectory dir)
            : base(Register(dir), [])
        {
            _dir = dir;
        }

        public SilenceBook Book => Services.GetRequiredService<SilenceBook>();

        public TimelineFeed Feed => Services.GetRequiredService<TimelineFeed>();

        public HistoryDatabase Database => Services.GetRequiredService<HistoryDatabase>();

        public async Task<WatcherScope> StartWatcherAsync(CancellationToken cancellationToken)
        {
            var watcher = new SilenceWatcher(Book, Clock);
            await watcher.StartAsync(cancellationToken);
            return new WatcherScope(watcher);
        }

        /// <summary>The CLI, as a person runs it, in its own database connection; its clock is the test's.</summary>
        public async Task SilenceFromCliAsync(string match, string duration, CancellationToken cancellationToken)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await SilenceCommand.RunAsync(["add", "--match", match, "--reason", "kernel upgrade", "--by", "alice", "--for", duration, $"--Dashboard:History:Path={System.IO.Path.Combine(_dir.Path, "history.db")}"], output, error, Clock, cancellationToken);
            Assert.True(code == 0, error.ToString());
        }

        /// <summary>Moves fake time a second at a time until the timeline feed pulses past <paramref name="version"/>: the pulse is the signal.</summary>
        public async Task AdvanceUntilPulseAsync(long version, CancellationToken cancellationToken)
        {
            var pulse = Feed.WaitAsync(version, cancellationToken);
            while (!pulse.IsCompleted)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(pulse, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken));
            }

            await pulse;
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            // The container made the database, and disposes it.
            await base.DisposeAsyncCore();
            _dir.Dispose();
        }

        private static Action<IServiceCollection, FakeTimeProvider> Register(TempDirectory dir) => (services, clock) => services
            .AddSingleton(new TimelineFeed())
            .AddSingleton(_ => TestHistory.Database(dir.Path, new HistoryHealth(), clock))
            .AddSingleton(sp => new SilenceBook(sp.GetRequiredService<HistoryDatabase>(), sp.GetRequiredService<TimelineFeed>()));
    }

    private sealed class WatcherScope(SilenceWatcher watcher) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }
    }
}
