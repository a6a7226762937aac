using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Panels.Cdn;

/// <summary>
/// The CDN panel from CloudWatch (and PromQL where configured): it takes its series from the app's one CloudWatch
/// refresh, keeps each series over the trend span (backfilled once at start), and publishes a tile per distribution.
/// A distribution whose series failed keeps its last figures, marked with the reason.
/// </summary>
public sealed class CloudWatchCdnSource(CdnOptions options, CloudWatchRefresh refresh, PrometheusClient? prometheus, TimeProvider time) : ICdnSource
{
    public const string Group = "AWS";
    private static readonly TimeSpan CompareEvery = TimeSpan.FromHours(1);
    private readonly Dictionary<CdnDistributionOptions, DistributionState> _state = options.Distributions.ToDictionary(d => d, d => new DistributionState(CdnSeriesPlan.For(d, options.Period)));

    public SourceInfo Info { get; } = new(CdnPanel.Kind, prometheus is null ? "CloudWatch" : "CloudWatch and Prometheus", IsDemo: false, StaleAfter: refresh.Interval * 3);

    public static string Target(CdnDistributionOptions distribution) => distribution.Alias ?? distribution.Id;

    public async Task RunAsync(IReadingSink<CdnHitRatio> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        await BackfillAsync(cancellationToken);
        long seen = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var round = await refresh.NextAsync(seen, cancellationToken);
            seen = round.Number;
            foreach (var (distribution, state) in _state)
            {
                var errors = new List<string>();
                foreach (var spec in state.Plan)
                {
                    if (spec.CloudWatch is { } metric)
                    {
                        if (round.Fetch.Errors.TryGetValue(metric, out var error))
                        {
                            errors.Add(error.Message);
                        }
                        else if (round.Fetch.Series.TryGetValue(metric, out var series))
                        {
                            state.Merge(spec.Kind, series);
                        }
                    }
                    else if (await QueryPrometheusAsync(spec, round.Start, round.End, cancellationToken) is var (series, error))
                    {
                        if (error is not null)
                        {
                            errors.Add(error);
                        }
                        else
                        {
                            state.Merge(spec.Kind, series!);
                        }
                    }
                }

                if (errors.Count > 0)
                {
                    sink.Fail(Group, Target(distribution), errors.Distinct().First());
                    continue;
                }

                state.Prune(round.End - options.Trend);
                await CompareIfDueAsync(distribution, state, cancellationToken);
                var window = state.Series(round.End - options.Window, round.End);
                var snapshot = CdnHitRatioCalculator.Compute(distribution, window, options.Window) with
                {
                    Trend = CdnHitRatioCalculator.Trend(distribution, state.Series(round.End - options.Trend, round.End)),
                    Comparison = state.Comparison,
                    ApiCost = refresh.CostText(),
                };
                sink.Publish(Group, Target(distribution), snapshot, round.TakenAt);
            }
        }
    }

    /// <summary>Fills the trend span once, so the graph is whole from the first refresh; a failure here only leaves it short.</summary>
    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        if (options.Trend <= options.Window)
        {
            return;
        }

        var end = CloudWatchRefresh.Align(time.GetUtcNow(), TimeSpan.FromMinutes(1));
        var start = CloudWatchRefresh.Align(end - options.Trend, options.Period);
        var metrics = _state.Values.SelectMany(s => s.Plan).Select(s => s.CloudWatch).OfType<CloudWatchMetric>().ToList();
        var fetch = metrics.Count == 0 ? null : await refresh.FetchAsync(metrics, start, end, cancellationToken);
        foreach (var state in _state.Values)
        {
            foreach (var spec in state.Plan)
            {
                if (spec.CloudWatch is { } metric && fetch?.Series.TryGetValue(metric, out var series) == true)
                {
                    state.Merge(spec.Kind, series);
                }
                else if (spec.PromQl is not null && await QueryPrometheusAsync(spec, start, end, cancellationToken) is (MetricSeries fromPrometheus, null))
                {
                    state.Merge(spec.Kind, fromPrometheus);
                }
            }
        }
    }

    private async Task CompareIfDueAsync(CdnDistributionOptions distribution, DistributionState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (distribution.Compare is not { } compare || now - state.ComparedAt < CompareEvery || compare.At >= now)
        {
            return;
        }

        var spec = state.Plan.FirstOrDefault(s => s.Kind == compare.Series);
        if (spec is null)
        {
            return;
        }

        var start = compare.At - compare.Span;
        var end = compare.At + compare.Span < now ? compare.At + compare.Span : now;
        MetricSeries? series = null;
        if (spec.CloudWatch is { } metric)
        {
            // Hourly periods: CloudWatch keeps them for 15 months, so a moment long ago still compares.
            var hourly = new CloudWatchMetric(metric.Region, metric.Namespace, metric.Name, metric.Dimensions, metric.Stat, 3600);
            var fetch = await refresh.FetchAsync([hourly], start, end, cancellationToken);
            series = fetch.Series.GetValueOrDefault(hourly);
        }
        else if (await QueryPrometheusAsync(spec, start, end, cancellationToken) is (MetricSeries fromPrometheus, null))
        {
            series = fromPrometheus;
        }

        if (series is not null)
        {
            // Whole periods only: the period the moment falls in holds some of both sides, and the one under way is not
            // complete, so either would tilt the comparison by how far into its period the moment or now happens to be.
            var step = spec.CloudWatch is not null ? TimeSpan.FromHours(1) : options.Period;
            var (beforeFrom, beforeTo) = (Ceiling(start, step), Floor(compare.At, step));
            var (afterFrom, afterTo) = (Ceiling(compare.At, step), Floor(end, step));
            if (beforeTo <= beforeFrom || afterTo <= afterFrom)
            {
                (beforeFrom, beforeTo, afterFrom, afterTo) = (start, compare.At, compare.At, end);
            }

            state.Comparison = new CdnComparison(
                compare.At, compare.Label, compare.Series,
                series.Between(beforeFrom, beforeTo).Sum / (beforeTo - beforeFrom).TotalHours,
                series.Between(afterFrom, afterTo).Sum / Math.Max((afterTo - afterFrom).TotalHours, 1.0 / 60));
            state.ComparedAt = now;
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan step) => new(at.UtcTicks - (at.UtcTicks % step.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset at, TimeSpan step) => at.UtcTicks % step.Ticks == 0 ? at.ToUniversalTime() : Floor(at, step) + step;

    private async Task<(MetricSeries? Series, string? Error)> QueryPrometheusAsync(CdnSeriesSpec spec, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        if (spec.PromQl is not { } query)
        {
            return (null, null);
        }

        if (prometheus is null)
        {
            return (null, "a PromQL series is configured but Dashboard:Prometheus:Url is not set");
        }

        try
        {
            // A PromQL step is stamped at its end (increase over the step before it): ask one step further, so the period
            // under way is there as in CloudWatch, and stamp each value at its period's start.
            var series = await prometheus.QueryRangeAsync(query, start + options.Period, end + options.Period, options.Period, cancellationToken);
            return (new MetricSeries([.. series.Points.Select(p => p with { At = p.At - options.Period })]), null);
        }
        catch (PrometheusException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>One distribution's series over the trend span, by kind, with the latest partial-data flags.</summary>
    private sealed class DistributionState(IReadOnlyList<CdnSeriesSpec> plan)
    {
        private readonly Dictionary<CdnSeriesKind, SortedList<DateTimeOffset, double>> _points = [];
        private readonly Dictionary<CdnSeriesKind, bool> _partial = [];

        public IReadOnlyList<CdnSeriesSpec> Plan { get; } = plan;

        public CdnComparison? Comparison { get; set; }

        public DateTimeOffset ComparedAt { get; set; } = DateTimeOffset.MinValue;

        /// <summary>Newer datapoints replace older ones for the same period: CloudWatch revises recent periods as late data arrives.</summary>
        public void Merge(CdnSeriesKind kind, MetricSeries series)
        {
            if (!_points.TryGetValue(kind, out var points))
            {
                _points[kind] = points = [];
            }

            foreach (var point in series.Points)
            {
                points[point.At] = point.Value;
            }

            _partial[kind] = series.Partial;
        }

        public void Prune(DateTimeOffset before)
        {
            foreach (var points in _points.Values)
            {
                while (points.Count > 0 && points.Keys[0] < before)
                {
                    points.RemoveAt(0);
                }
            }
        }

        public Dictionary<CdnSeriesKind, MetricSeries> Series(DateTimeOffset from, DateTimeOffset to) => _points.ToDictionary(
            p => p.Key,
            p => new MetricSeries([.. p.Value.Where(v => v.Key >= from && v.Key < to).Select(v => new MetricPoint(v.Key, v.Value))], _partial.GetValueOrDefault(p.Key)));
    }
}
