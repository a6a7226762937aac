using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpsDashboard.Notifications;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Fakes.Notifications;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.Notifications;

/// <summary>
/// How long after a tile's transition has held for its For a webhook receiver hears of it: the production dispatcher
/// (rules, trackers, outboxes, the webhook channel) on the real clock, tiles turning CRITICAL one after another at odd
/// spacings so their due moments fall anywhere between the dispatcher's ticks. Side by side, the same transitions
/// through Debian's real prometheus-alertmanager (the tests' harness: group_wait 0s, one group per tile's cluster)
/// routed to a receiver of the same kind.
/// </summary>
public static class NotificationLatencyScenario
{
    public const string Usage = "notify-latency [--transitions 100] [--for-s 60] [--spacing-ms 613]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = ScenarioArgs.Number(args, "--transitions", 100);
        var holdFor = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--for-s", (int)new NotificationOptions().For.TotalSeconds));
        var spacing = TimeSpan.FromMilliseconds(ScenarioArgs.Number(args, "--spacing-ms", 613));
        var time = TimeProvider.System;
        Console.WriteLine($"notify-latency: {count} transitions OK → CRITICAL, one every {spacing.TotalMilliseconds:0} ms, For {holdFor.TotalSeconds:0} s, dispatcher tick {NotificationDispatcher.Tick.TotalSeconds:0.###} s");

        await using var direct = new FakeWebhookReceiver(time);
        await using var viaPeer = new FakeWebhookReceiver(time);
        await using var alertmanager = File.Exists(AlertmanagerServer.Binary) ? await AlertmanagerServer.StartAsync(viaPeer.Url, cancellationToken) : null;
        if (alertmanager is null)
        {
            Console.WriteLine($"peer: {AlertmanagerServer.Binary} is missing (apt-get install prometheus-alertmanager); running without it");
        }

        var tiles = Enumerable.Range(0, count).Select(BenchmarkTiles.Cluster).ToList();
        var store = new PanelStore(time);
        foreach (var tile in tiles)
        {
            BenchmarkTiles.Healthy(store, tile, time.GetUtcNow(), isDemo: false);
        }

        using var http = new HttpClient();
        var dispatcher = new NotificationDispatcher(store, time, Options.Create(new NotificationOptions
        {
            For = holdFor,
            Webhooks = [new WebhookChannelOptions { Url = direct.Url.ToString() }],
            Alertmanager = new AlertmanagerChannelOptions { Url = alertmanager?.Url.ToString() },
        }), new NotificationLog(), http, new SingleReplica());

        var directHeard = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var peerHeard = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = Task.WhenAll(ListenAsync(direct, directHeard, stop.Token), ListenAsync(viaPeer, peerHeard, stop.Token));
        await dispatcher.StartAsync(cancellationToken);
        var turnedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        try
        {
            foreach (var tile in tiles)
            {
                var at = time.GetUtcNow();
                BenchmarkTiles.Critical(store, tile, at, isDemo: false);
                turnedAt[tile.Group] = at;
                await Task.Delay(spacing, time, cancellationToken);
            }

            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(holdFor + TimeSpan.FromSeconds(60));
            while (directHeard.Count < count || (alertmanager is not null && peerHeard.Count < count))
            {
                if (patience.IsCancellationRequested)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
            await stop.CancelAsync();
            await listening.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var ours = Report("dashboard → webhook", turnedAt, directHeard, holdFor);
        var peer = alertmanager is null ? null : Report("dashboard → prometheus-alertmanager 0.25 (group_wait 0s) → webhook", turnedAt, peerHeard, holdFor);
        if (ours is { } o && peer is { } p)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p95 direct / p95 through Alertmanager = {o.TotalMilliseconds / p.TotalMilliseconds:0.00}"));
        }

        var goal = TimeSpan.FromSeconds(1);
        Console.WriteLine(ours is { } met && met <= goal ? "goal met: p95 ≤ 1 s" : "goal NOT met: p95 > 1 s or transitions lost");
        return ours is { } r && r <= goal ? 0 : 1;
    }

    /// <summary>Prints p50, p95, max and how many were lost; returns the p95, or null when any transition never arrived.</summary>
    private static TimeSpan? Report(string path, Dictionary<string, DateTimeOffset> turnedAt, ConcurrentDictionary<string, DateTimeOffset> heard, TimeSpan holdFor)
    {
        var latencies = turnedAt.Where(t => heard.ContainsKey(t.Key)).Select(t => heard[t.Key] - (t.Value + holdFor)).ToList();
        var lost = turnedAt.Count - latencies.Count;
        if (latencies.Count == 0)
        {
            Console.WriteLine($"{path}: nothing arrived");
            return null;
        }

        var (median, p95) = Ranks.Of(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {latencies.Count}/{turnedAt.Count} arrived; after For: min {latencies.Min().TotalMilliseconds:0} ms, p50 {median.TotalMilliseconds:0} ms, p95 {p95.TotalMilliseconds:0} ms, max {latencies.Max().TotalMilliseconds:0} ms{(lost > 0 ? $", {lost} LOST" : "")}"));
        return lost == 0 ? p95 : null;
    }

    /// <summary>Notes when each benchmark tile's firing first arrives (the Watchdog and any repeat are passed over).</summary>
    private static async Task ListenAsync(FakeWebhookReceiver receiver, ConcurrentDictionary<string, DateTimeOffset> heard, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var delivery = await receiver.NextDeliveryAsync(cancellationToken);
                foreach (var alert in delivery.Body["alerts"]?.AsArray() ?? [])
                {
                    if ((string?)alert?["status"] == "firing" && (string?)alert["labels"]?["alertname"] == AlertmanagerWire.AlertName && alert["labels"]?["cluster"] is JsonNode cluster)
                    {
                        heard.TryAdd((string)cluster!, delivery.At);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
