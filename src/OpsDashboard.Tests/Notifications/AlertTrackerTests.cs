using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Notifications;

/// <summary>The rules engine on a real store and a FakeTimeProvider, observed once a second as the dispatcher does.</summary>
public sealed class AlertTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly PanelKey Tokyo = new(NodesPanel.Kind, "tokyo", "tokyo");
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly PanelStore _store;
    private readonly List<TileAlert> _sent = [];

    public AlertTrackerTests() => _store = new PanelStore(_time);

    [Fact]
    public void A_15_second_blip_sends_nothing()
    {
        var tracker = Tracker(new NotificationOptions());
        Critical();
        Run(tracker, TimeSpan.FromSeconds(15));
        Ok();
        Run(tracker, TimeSpan.FromMinutes(5));
        Assert.Empty(_sent);
    }

    [Fact]
    public void A_state_held_for_its_For_fires_once_then_resolves_once_with_how_long_it_lasted()
    {
        var tracker = Tracker(new NotificationOptions());
        Critical();
        Run(tracker, TimeSpan.FromSeconds(59));
        Assert.Empty(_sent);
        Run(tracker, TimeSpan.FromSeconds(30));
        var firing = Assert.Single(_sent);
        Assert.Equal((AlertPhase.Firing, TileStatus.Critical, Start), (firing.Phase, firing.Status, firing.StartsAt));
        Assert.Equal(Start.AddMinutes(1), firing.At);
        Assert.Contains("NotReady", firing.Summary, StringComparison.Ordinal);

        Run(tracker, TimeSpan.FromMinutes(10));
        Ok();
        Run(tracker, TimeSpan.FromMinutes(5));
        Assert.Equal(2, _sent.Count);
        var resolved = _sent[1];
        Assert.Equal(AlertPhase.Resolved, resolved.Phase);
        Assert.Equal(TileStatus.Critical, resolved.Status);
        Assert.Equal(TimeSpan.FromSeconds(689), resolved.Lasted);
        Assert.Empty(tracker.Open);
    }

    [Fact]
    public void A_tile_still_not_ok_is_sent_again_each_repeat_interval_and_a_change_of_status_at_once()
    {
        var tracker = Tracker(new NotificationOptions { RepeatInterval = TimeSpan.FromHours(4) });
        Critical();
        Run(tracker, TimeSpan.FromHours(9));
        Assert.Equal([false, true, true], _sent.Select(a => a.IsRepeat));
        Assert.Equal([Start.AddMinutes(1), Start.AddHours(4).AddMinutes(1), Start.AddHours(8).AddMinutes(1)], _sent.Select(a => a.At));

        _sent.Clear();
        _store.ReportFault(Tokyo, "unreachable: no answer for 15 s", isDemo: false, Limit);
        Run(tracker, TimeSpan.FromSeconds(2));
        var changed = Assert.Single(_sent);
        Assert.Equal((TileStatus.Error, false, Start), (changed.Status, changed.IsRepeat, changed.StartsAt));
    }

    [Fact]
    public void Stale_notifies_only_past_its_limit_and_warning_not_by_default()
    {
        var tracker = Tracker(new NotificationOptions { StaleFor = TimeSpan.FromMinutes(10) });
        _store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), _time.GetUtcNow(), isDemo: false, Limit);

        // Stale from 1 min; notifying from 11 min; sent once it has held For (1 min) more.
        Run(tracker, TimeSpan.FromMinutes(11) + TimeSpan.FromSeconds(30));
        Assert.Empty(_sent);
        Run(tracker, TimeSpan.FromMinutes(1));
        Assert.Equal(TileStatus.Stale, Assert.Single(_sent).Status);
    }

    [Fact]
    public void A_rule_for_a_panel_chooses_its_own_states_and_For()
    {
        var options = new NotificationOptions
        {
            Rules = [new NotificationRuleOptions { Panel = "pods", States = [TileStatus.Critical, TileStatus.Warning], For = TimeSpan.FromMinutes(5) }],
        };
        var tracker = Tracker(options);
        var pods = new PanelKey(PodsPanel.Kind, "tokyo", "tokyo");
        Assert.Equal(TimeSpan.FromMinutes(5), tracker.Rules.ForOf(pods));
        Assert.Equal(TimeSpan.FromMinutes(1), tracker.Rules.ForOf(Tokyo));
        Assert.True(options.Rules[0].Matches(pods));
        Assert.False(options.Rules[0].Matches(Tokyo));
    }

    [Fact]
    public void Alerts_open_before_a_restart_are_neither_sent_again_nor_forgotten()
    {
        var tracker = Tracker(new NotificationOptions());
        tracker.Seed([new OpenAlert(Tokyo, TileStatus.Critical, Start.AddMinutes(-30), Start.AddMinutes(-29), "3 NotReady", IsDemo: false)]);
        Critical();
        Run(tracker, TimeSpan.FromMinutes(3));
        Assert.Empty(_sent);
        Ok();
        Run(tracker, TimeSpan.FromSeconds(2));
        var resolved = Assert.Single(_sent);
        Assert.Equal(AlertPhase.Resolved, resolved.Phase);
        Assert.Equal(TimeSpan.FromMinutes(33), resolved.Lasted);
    }

    private AlertTracker Tracker(NotificationOptions options) => new(new AlertRules(options));

    private void Critical() => _store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(3).Build(), _time.GetUtcNow(), isDemo: false, TimeSpan.FromDays(1));

    private void Ok() => _store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), _time.GetUtcNow(), isDemo: false, TimeSpan.FromDays(1));

    /// <summary>Observes once a second for <paramref name="span"/>, keeping what would be sent.</summary>
    private void Run(AlertTracker tracker, TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromSeconds(1))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _sent.AddRange(tracker.Observe(_store.Current, _time.GetUtcNow()));
        }
    }
}
