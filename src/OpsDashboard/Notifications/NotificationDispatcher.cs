using Microsoft.Extensions.Options;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.Notifications;

/// <summary>
/// Watches the store once a second, and at the moment a held-back state's For passes, while this replica leads (scaled
/// out, only the leader sends), runs the rules and
/// hands what to send to each channel's outbox. Open alerts and the Watchdog go to Alertmanager again every resend
/// interval; the heartbeat URL is pinged every interval while the pipeline is healthy. With no channel configured,
/// what would have been sent is logged for the Notifications page and nothing leaves the machine. Each channel has
/// its own tracker, seeded at the start of each term with what that channel was sent (<see cref="SentAlertState"/>).
/// </summary>
public sealed class NotificationDispatcher : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly PanelStore _store;
    private readonly TimeProvider _time;
    private readonly NotificationOptions _options;
    private readonly HttpClient _http;
    private readonly ILeadership _leadership;
    private readonly AlertRules _rules;
    private readonly SentAlertState _state;
    private readonly SilenceBook _silences;
    private IReadOnlyCollection<OpenAlert> _open = [];
    private IReadOnlyList<Silence> _activeSilences = [];
    private Task<bool>? _tick;

    public NotificationDispatcher(PanelStore store, TimeProvider time, IOptions<NotificationOptions> options, NotificationLog log, HttpClient http, ILeadership leadership, SentAlertState? state = null, SilenceBook? silences = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _options = options.Value;
        _http = http;
        _leadership = leadership;
        Log = log;
        _rules = new AlertRules(_options);
        _state = state ?? new SentAlertState(null);
        _silences = silences ?? new SilenceBook(null);
        var publicUrl = Uri.TryCreate(_options.PublicUrl, UriKind.Absolute, out var p) ? p : null;
        if (_options.Alertmanager.Url is { Length: > 0 } am)
        {
            Alertmanager = new ChannelOutbox(new AlertmanagerChannel(http, WithSlash(am), _options.Alertmanager.ResendInterval, time, publicUrl, leadership.Identity), log, time, _state);
        }

        Outboxes = [.. (Alertmanager is null ? [] : new[] { Alertmanager }),
            .. _options.Webhooks.Select((w, i) => new ChannelOutbox(new WebhookChannel(http, new Uri(w.Url!), i, publicUrl, time), log, time, _state)),
            .. _options.Slack.Select((w, i) => new ChannelOutbox(new SlackChannel(http, new Uri(w.WebhookUrl!), i, publicUrl), log, time, _state))];
    }

    public NotificationLog Log { get; }

    public ChannelOutbox? Alertmanager { get; }

    public IReadOnlyList<ChannelOutbox> Outboxes { get; }

    /// <summary>Raised after each look at the store (rules run, resends and heartbeat done, the wait for the next look set) with the time it looked: what tests step fake time by.</summary>
    public event Action<DateTimeOffset>? Looked;

    /// <summary>The alerts open on any channel as of the last tick of this replica's term (empty on a follower).</summary>
    public IReadOnlyCollection<OpenAlert> Open => Volatile.Read(ref _open);

    /// <summary>The silences in force at the last tick of this replica's term.</summary>
    public IReadOnlyList<Silence> ActiveSilences => Volatile.Read(ref _activeSilences);

    /// <summary>How often the silences are read again from the database (a new one from the CLI takes effect within this).</summary>
    public static readonly TimeSpan SilenceRefresh = TimeSpan.FromSeconds(5);

    /// <summary>The pipeline is healthy while at least one tile has fresh data: a dashboard that sees nothing must not say it is fine.</summary>
    public static bool PipelineHealthy(StoreView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Tiles.Values.Any(t => t.ConditionAt(now) == TileCondition.Fresh);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _leadership.RunWhileLeadingAsync(LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var senders = Outboxes.Select(o => o.RunAsync(cancellationToken)).ToList();
        using var timer = new PeriodicTimer(Tick, _time);
        _tick = null;
        var lastResend = DateTimeOffset.MinValue;
        var lastPing = DateTimeOffset.MinValue;
        try
        {
            var trackers = await TrackersAsync(cancellationToken);
            var alertmanager = trackers.FirstOrDefault(t => t.Outbox is not null && t.Outbox == Alertmanager).Tracker;
            var silences = await _silences.CurrentAsync(_time.GetUtcNow(), cancellationToken);
            var silencesReadAt = _time.GetUtcNow();
            IReadOnlyList<Silence> wasActive = [];
            DateTimeOffset now;
            do
            {
                now = _time.GetUtcNow();
                if (now - silencesReadAt >= SilenceRefresh)
                {
                    (silences, silencesReadAt) = (await _silences.CurrentAsync(now, cancellationToken), now);
                }

                var view = _store.Current;
                var active = silences.Where(s => s.ActiveAt(now)).ToList();
                var ended = wasActive.Where(w => active.All(a => a.Id != w.Id)).ToList();
                var unsilenced = active.Count == 0 ? view : new StoreView(view.Tiles.RemoveRange(view.Tiles.Keys.Where(k => active.Any(s => s.Matches(k)))), view.Version);
                foreach (var (outbox, tracker) in trackers)
                {
                    if (outbox?.Target.HonoursSilences != true)
                    {
                        Dispatch(outbox, tracker.Observe(view, now));
                        continue;
                    }

                    // A silence that ends while its tile is still not OK sends it once then, rather than swallowing it.
                    foreach (var open in tracker.Open.Where(o => ended.Any(e => e.Matches(o.Tile)) && !active.Any(a => a.Matches(o.Tile))).ToList())
                    {
                        tracker.Remind(open.Tile);
                    }

                    Dispatch(outbox, tracker.Observe(unsilenced, now));
                }

                (wasActive, _activeSilences) = (active, active);

                Volatile.Write(ref _open, [.. trackers.SelectMany(t => t.Tracker.Open).DistinctBy(o => o.Tile)]);
                var healthy = PipelineHealthy(view, now);
                if (Alertmanager is not null && alertmanager is not null && now - lastResend >= _options.Alertmanager.ResendInterval)
                {
                    var open = alertmanager.Open.Select(o => new TileAlert(o.Tile, AlertPhase.Firing, o.Status, o.StartsAt, null, now, o.Summary, o.IsDemo, IsRepeat: true)).ToList();
                    if (open.Count > 0 || healthy)
                    {
                        // Timed from the first push, not from the start: the Watchdog goes as soon as the first tile has data.
                        lastResend = now;
                        Alertmanager.Enqueue(new ChannelBatch(open, Watchdog: healthy, IsResend: true));
                    }
                }

                if (_options.Heartbeat.Url is { Length: > 0 } ping && healthy && now - lastPing >= _options.Heartbeat.Interval)
                {
                    lastPing = now;
                    await PingAsync(new Uri(ping), now, cancellationToken);
                }

            }
            while (await NextLookAsync(timer, trackers, now, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Volatile.Write(ref _open, []);
        await Task.WhenAll(senders.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>
    /// Waits for the next tick, or sooner for the moment a held-back state's For passes (the tracker would otherwise
    /// see it up to a tick late). The tick left waiting is kept for the next call: a PeriodicTimer takes one waiter.
    /// </summary>
    private async Task<bool> NextLookAsync(PeriodicTimer timer, List<(ChannelOutbox? Outbox, AlertTracker Tracker)> trackers, DateTimeOffset looked, CancellationToken cancellationToken)
    {
        _tick ??= timer.WaitForNextTickAsync(cancellationToken).AsTask();
        var due = trackers.Select(t => t.Tracker.NextDueAfter(looked)).Min() - _time.GetUtcNow();
        if (due is { } wait && wait < Tick)
        {
            using var early = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = wait > TimeSpan.Zero ? Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _time, early.Token) : Task.CompletedTask;
            Looked?.Invoke(looked);
            if (await Task.WhenAny(_tick, delay) != _tick)
            {
                return true;
            }

            await early.CancelAsync();
        }
        else
        {
            Looked?.Invoke(looked);
        }

        var ticked = await _tick;
        _tick = null;
        return ticked;
    }

    /// <summary>One tracker per channel for this term, each carrying on from what its channel was sent; one unsent tracker when none is configured.</summary>
    private async Task<List<(ChannelOutbox? Outbox, AlertTracker Tracker)>> TrackersAsync(CancellationToken cancellationToken)
    {
        if (Outboxes.Count == 0)
        {
            return [(null, new AlertTracker(_rules))];
        }

        var trackers = new List<(ChannelOutbox?, AlertTracker)>();
        foreach (var outbox in Outboxes)
        {
            var tracker = new AlertTracker(_rules);
            tracker.Seed(await _state.LoadAsync(outbox.Target.Name, cancellationToken));
            trackers.Add((outbox, tracker));
        }

        return trackers;
    }

    private void Dispatch(ChannelOutbox? outbox, IReadOnlyList<TileAlert> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        if (outbox is null)
        {
            foreach (var alert in alerts)
            {
                Log.Add(new DeliveryRecord(alert.At, "none configured", DeliveryOutcome.NotSent, AlertmanagerWire.Headline(alert), "would have been sent", alert.IsDemo, alert.Phase));
            }

            return;
        }

        outbox.Enqueue(alerts);
    }

    private async Task PingAsync(Uri url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            await ChannelHttp.ThrowUnlessSuccessAsync(response, "Heartbeat", cancellationToken);
            Log.Add(new DeliveryRecord(now, $"Heartbeat {url.Authority}", DeliveryOutcome.Sent, "heartbeat", null, IsDemo: false));
        }
        catch (Exception ex) when (ex is ChannelSendException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.Add(new DeliveryRecord(now, $"Heartbeat {url.Authority}", DeliveryOutcome.Failed, "heartbeat", ex.Message, IsDemo: false));
        }
    }

    private static Uri WithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
}
