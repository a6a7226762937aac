using System.Globalization;
using Microsoft.Extensions.Options;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>The CloudWatch series a panel needs on every refresh, and how far back each refresh must look for it.</summary>
public interface ICloudWatchDemand
{
    IReadOnlyCollection<CloudWatchMetric> Metrics { get; }

    TimeSpan Lookback { get; }
}

/// <summary>One refresh: every panel's series for [Start, End).</summary>
public sealed record CloudWatchRound(long Number, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset TakenAt, CloudWatchFetch Fetch);

/// <summary>
/// The one CloudWatch refresh of the app: every interval it asks for the union of all panels' series in ⌈n/500⌉
/// GetMetricData calls per region and hands the round to every panel source waiting for it. One-off reads (a trend
/// backfill, a before/after comparison) go through <see cref="FetchAsync"/> so they are counted in the same usage.
/// Scaled out, only the leading replica refreshes: CloudWatch bills per metric requested, however many replicas ask.
/// </summary>
public sealed partial class CloudWatchRefresh(
    CloudWatchClient client, IEnumerable<ICloudWatchDemand> demands, IOptions<CloudWatchOptions> options, TimeProvider time, ILogger<CloudWatchRefresh> logger,
    ILeadership? leadership = null) : BackgroundService
{
    private readonly IReadOnlyList<ICloudWatchDemand> _demands = [.. demands];
    private TaskCompletionSource<CloudWatchRound> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CloudWatchRound? _latest;
    private long _calls;
    private long _metricsRequested;

    public TimeSpan Interval => options.Value.Refresh;

    public CloudWatchRound? Latest => Volatile.Read(ref _latest);

    /// <summary>Distinct series fetched on every refresh, all panels together.</summary>
    public int MetricsPerRefresh => _demands.SelectMany(d => d.Metrics).Distinct().Count();

    public long Calls => Interlocked.Read(ref _calls);

    public long MetricsRequested => Interlocked.Read(ref _metricsRequested);

    /// <summary>The API charge of refreshing <paramref name="metrics"/> series every <paramref name="refresh"/> for 30 days.</summary>
    public static decimal MonthlyCost(int metrics, TimeSpan refresh) =>
        metrics * (decimal)(TimeSpan.FromDays(30) / refresh) / 1000m * CloudWatchOptions.DollarsPerThousandMetrics;

    /// <summary>"≈ $2.59/month (6 metrics every 1 min)", for the configured refresh of every panel's series.</summary>
    public string CostText()
    {
        var metrics = MetricsPerRefresh;
        return string.Create(CultureInfo.InvariantCulture, $"≈ ${MonthlyCost(metrics, Interval):N2}/month ({metrics:N0} metrics every {Durations.Format(Interval)})");
    }

    /// <summary>The latest multiple of <paramref name="step"/> since the Unix epoch at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset Align(DateTimeOffset at, TimeSpan step)
    {
        var sinceEpoch = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(at.UtcTicks - (sinceEpoch % step.Ticks), TimeSpan.Zero);
    }

    /// <summary>The next round after <paramref name="afterNumber"/>, at once if one has already happened.</summary>
    public async Task<CloudWatchRound> NextAsync(long afterNumber, CancellationToken cancellationToken)
    {
        // Read the pending round before the latest one: a round finishing in between is then seen in one or the other.
        var next = Volatile.Read(ref _next);
        if (Latest is { } latest && latest.Number > afterNumber)
        {
            return latest;
        }

        return await next.Task.WaitAsync(cancellationToken);
    }

    public async Task<CloudWatchFetch> FetchAsync(IReadOnlyCollection<CloudWatchMetric> metrics, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var fetch = await client.GetMetricDataAsync(metrics, start, end, cancellationToken);
        Interlocked.Add(ref _calls, fetch.Calls);
        Interlocked.Add(ref _metricsRequested, fetch.MetricsRequested);
        return fetch;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        (leadership ?? new SingleReplica()).RunWhileLeadingAsync(RefreshAsync, stoppingToken);

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        var metrics = _demands.SelectMany(d => d.Metrics).Distinct().ToList();
        var lookback = _demands.Select(d => d.Lookback).DefaultIfEmpty(TimeSpan.FromHours(1)).Max();
        // Every round starts on the grid of the longest period, so a period's datapoint has the same timestamp in every
        // round and a later round replaces it rather than adding a shifted copy.
        var grid = TimeSpan.FromSeconds(metrics.Select(m => m.PeriodSeconds).DefaultIfEmpty(60).Max());
        using var timer = new PeriodicTimer(Interval, time);
        long number = 0;
        do
        {
            var end = Align(time.GetUtcNow(), TimeSpan.FromMinutes(1));
            var start = Align(end - lookback, grid);
            CloudWatchFetch fetch;
            try
            {
                fetch = metrics.Count == 0
                    ? new CloudWatchFetch { Series = new Dictionary<CloudWatchMetric, MetricSeries>(), Errors = new Dictionary<CloudWatchMetric, CloudWatchException>() }
                    : await FetchAsync(metrics, start, end, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Credential resolution and the like fail the whole round; every series carries the reason.
                var error = ex as CloudWatchException ?? new CloudWatchException(CloudWatchFailure.BadResponse, ex.Message, ex);
                fetch = new CloudWatchFetch { Series = new Dictionary<CloudWatchMetric, MetricSeries>(), Errors = metrics.ToDictionary(m => m, _ => error) };
            }

            if (fetch.Errors.Count > 0)
            {
                LogRoundErrors(fetch.Errors.Count, metrics.Count, fetch.Errors.Values.First().Message);
            }

            var round = new CloudWatchRound(++number, start, end, time.GetUtcNow(), fetch);
            Volatile.Write(ref _latest, round);
            Interlocked.Exchange(ref _next, new TaskCompletionSource<CloudWatchRound>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(round);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CloudWatch refresh: {Failed} of {Total} series without data: {FirstError}")]
    private partial void LogRoundErrors(int failed, int total, string firstError);
}
