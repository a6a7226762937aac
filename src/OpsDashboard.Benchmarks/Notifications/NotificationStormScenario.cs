using System.Globalization;
using Microsoft.Extensions.Options;
using OpsDashboard.Demo;
using OpsDashboard.Notifications;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Fakes.Notifications;

namespace OpsDashboard.Benchmarks.Notifications;

/// <summary>
/// A storm through the production dispatcher and Slack channel on the real clock: every demo tile's source fails at
/// once (each tile ERROR, as when the dashboard loses its network), then synthetic clusters go CRITICAL together; once
/// all were sent, everything recovers. Each Slack webhook is a fake incoming webhook on loopback noting when each
/// message came: at most one a second per webhook, every firing tile in some firing message, every resolve once,
/// firing and resolved never in one message.
/// </summary>
public static class NotificationStormScenario
{
    public const string Usage = "notify-storm [--synthetic 500] [--webhooks 2] [--for-s 60]";

    private const string Red = ":red_circle:";

    private const string Green = ":large_green_circle: RESOLVED";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var synthetic = ScenarioArgs.Number(args, "--synthetic", 500);
        var webhooks = ScenarioArgs.Number(args, "--webhooks", 2);
        var holdFor = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--for-s", (int)new NotificationOptions().For.TotalSeconds));
        var time = TimeProvider.System;

        var store = new PanelStore(time);
        var fleet = new DemoFleet(time, Options.Create(new DemoOptions()));
        var scripts = DashboardPanels.All.Select(p => p.CreateDemo(fleet)).ToList();
        var demoTiles = scripts.SelectMany(s => s.PublishAt(store, time.GetUtcNow())).ToList();
        var syntheticTiles = Enumerable.Range(0, synthetic).Select(BenchmarkTiles.Cluster).ToList();
        foreach (var tile in syntheticTiles)
        {
            BenchmarkTiles.Healthy(store, tile, time.GetUtcNow(), isDemo: false);
        }

        Console.WriteLine($"notify-storm: {demoTiles.Count} demo tiles fail at once, then {synthetic} synthetic clusters go CRITICAL; {webhooks} Slack webhooks; For {holdFor.TotalSeconds:0} s");
        var slacks = new List<FakeSlackWebhook>();
        for (var i = 0; i < webhooks; i++)
        {
            slacks.Add(new FakeSlackWebhook(time));
        }

        using var http = new HttpClient();
        var options = new NotificationOptions { For = holdFor, Slack = [.. slacks.Select(s => new SlackChannelOptions { WebhookUrl = s.Url.ToString() })] };
        var rules = new AlertRules(options);
        var dispatcher = new NotificationDispatcher(store, time, Options.Create(options), new NotificationLog(), http, new SingleReplica());
        var ok = true;
        await dispatcher.StartAsync(cancellationToken);
        try
        {
            await Task.Delay(NotificationDispatcher.Tick * 2, time, cancellationToken);
            var quiet = slacks.Sum(s => s.Messages.Count);
            var flippedAt = time.GetUtcNow();
            foreach (var tile in demoTiles)
            {
                store.ReportFault(tile, "storm: every source unreachable at once", isDemo: true, TimeSpan.FromHours(1));
            }

            await Task.Delay(NotificationDispatcher.Tick, time, cancellationToken);
            foreach (var tile in syntheticTiles)
            {
                BenchmarkTiles.Critical(store, tile, time.GetUtcNow(), isDemo: false);
            }

            var all = demoTiles.Concat(syntheticTiles).ToList();
            var firing = all.Where(t => rules.NotifyingStatus(store.Current.Tiles[t], time.GetUtcNow()) is not null).ToList();
            var dueAt = time.GetUtcNow() + holdFor;
            await UntilAsync(() => slacks.All(s => firing.All(t => Count(s, t, Red) >= 1)), holdFor + TimeSpan.FromMinutes(2), time, cancellationToken);
            var firedBy = slacks.Select(s => s.Messages.Count == 0 ? dueAt : s.Messages[^1].At).Max();

            var recoveredAt = time.GetUtcNow();
            foreach (var script in scripts)
            {
                script.PublishAt(store, recoveredAt);
            }

            foreach (var tile in syntheticTiles)
            {
                BenchmarkTiles.Healthy(store, tile, recoveredAt, isDemo: false);
            }

            var resolving = firing.Where(t => rules.NotifyingStatus(store.Current.Tiles[t], recoveredAt) is null).ToList();
            await UntilAsync(() => slacks.All(s => resolving.All(t => Count(s, t, Green) >= 1)), TimeSpan.FromMinutes(2), time, cancellationToken);
            // A second resolve or a late firing would come within a few sends: wait that long before counting.
            await Task.Delay(TimeSpan.FromSeconds(5), time, cancellationToken);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{firing.Count} tiles firing ({firing.Count(t => t.Group.StartsWith("bench-", StringComparison.Ordinal))} synthetic), {resolving.Count} resolving ({firing.Count - resolving.Count} stay not OK in the demo's script); {quiet} messages before the storm"));
            foreach (var (slack, n) in slacks.Select((s, n) => (s, n)))
            {
                ok &= Report(n, slack, firing, resolving, dueAt, firedBy, recoveredAt);
            }
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
            foreach (var slack in slacks)
            {
                await slack.DisposeAsync();
            }
        }

        Console.WriteLine(ok ? "goal met: ≤ 1 message a second per webhook, none lost, each resolve once, phases never mixed" : "goal NOT met");
        return ok ? 0 : 1;
    }

    private static bool Report(int n, FakeSlackWebhook slack, List<PanelKey> firing, List<PanelKey> resolving, DateTimeOffset dueAt, DateTimeOffset firedBy, DateTimeOffset recoveredAt)
    {
        var messages = slack.Messages;
        var gaps = messages.Zip(messages.Skip(1), (a, b) => b.At - a.At).ToList();
        var busiestSecond = messages.Max(m => messages.Count(o => o.At >= m.At && o.At < m.At + TimeSpan.FromSeconds(1)));
        var mixed = messages.Count(m => m.Text.Contains(Red, StringComparison.Ordinal) && m.Text.Contains(Green, StringComparison.Ordinal));
        var lost = firing.Count(t => Count(slack, t, Red) == 0);
        var resolvesNotOnce = resolving.Count(t => Count(slack, t, Green) != 1);
        var resolvesOfOthers = firing.Except(resolving).Count(t => Count(slack, t, Green) > 0);
        var firingMessages = messages.Where(m => m.Text.Contains(Red, StringComparison.Ordinal)).ToList();
        var resolvedMessages = messages.Where(m => m.Text.Contains(Green, StringComparison.Ordinal)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhook {n}: {messages.Count} messages ({firingMessages.Count} firing, {resolvedMessages.Count} resolved, {mixed} mixed); least gap {(gaps.Count == 0 ? 0 : gaps.Min().TotalMilliseconds):0} ms, busiest second {busiestSecond} message(s); " +
            $"firing lost {lost}/{firing.Count}; resolves not exactly once {resolvesNotOnce}/{resolving.Count}, resolves of tiles still not OK {resolvesOfOthers}; " +
            $"last firing {(firingMessages.Count == 0 ? 0 : (firingMessages[^1].At - dueAt).TotalSeconds):0.0} s after For passed (all sent by {(firedBy - dueAt).TotalSeconds:0.0} s), last resolve {(resolvedMessages.Count == 0 ? 0 : (resolvedMessages[^1].At - recoveredAt).TotalSeconds):0.0} s after recovery"));
        return busiestSecond <= 1 && mixed == 0 && lost == 0 && resolvesNotOnce == 0 && resolvesOfOthers == 0;
    }

    /// <summary>How many lines of the webhook's messages name <paramref name="tile"/> under <paramref name="marker"/> (one line of headline per alert).</summary>
    private static int Count(FakeSlackWebhook slack, PanelKey tile, string marker)
    {
        var what = $" {tile.Group} {tile.Panel.Title} {tile.Target} is ";
        return slack.Messages.Sum(m => m.Text.Split('\n').Count(l => l.Contains(marker, StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal)));
    }

    private static async Task UntilAsync(Func<bool> done, TimeSpan atMost, TimeProvider time, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + atMost;
        while (!done() && time.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }
    }
}
