using System.Net;
using OpsDashboard.Telemetry;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>A pod (or plain URL) whose health page is checked.</summary>
public sealed record ProbeTarget(string Pod, Uri Url);

/// <summary>
/// Asks health pages, many at once but at most <see cref="FreshnessAppOptions.Concurrency"/>, each with its own
/// timeout, so one hung pod costs at most one timeout and never delays the others' answers.
/// </summary>
public sealed class HealthPageProber : IDisposable
{
    private const int MaxBodyBytes = 1 << 20;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public HealthPageProber(TimeProvider time, HttpMessageHandler? handler = null)
    {
        _time = time;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
        }, disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<IReadOnlyList<PodFreshness>> ProbeAllAsync(IReadOnlyList<ProbeTarget> targets, FreshnessAppOptions app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(app);
        var results = new PodFreshness[targets.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, app.Concurrency), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await ProbeAsync(targets[i], app, ct));
        return results;
    }

    public async Task<PodFreshness> ProbeAsync(ProbeTarget target, FreshnessAppOptions app, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await ProbeOnceAsync(target, app, cancellationToken);
        UpstreamMetrics.Record(UpstreamMetrics.HealthPage, result.State == FreshnessState.Unreachable ? "error" : "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async Task<PodFreshness> ProbeOnceAsync(ProbeTarget target, FreshnessAppOptions app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(app);
        using var timeout = new CancellationTokenSource(app.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(target.Url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            var body = await UpstreamBody.ReadPrefixAsync(response.Content, MaxBodyBytes, linked.Token);
            if (status is not (200 or 500))
            {
                return Problem(target, FreshnessState.Unreadable, $"HTTP {status} from {target.Url}", status);
            }

            try
            {
                var page = HealthPageParser.Parse(body, response.Content.Headers.ContentType?.MediaType, app.Fields);
                return FreshnessJudge.Judge(target.Pod, status, page, app, _time.GetUtcNow()) with { Url = target.Url.ToString() };
            }
            catch (Exception ex) when (ex is FormatException or KeyNotFoundException or InvalidOperationException)
            {
                // A 500 still means "a task is late", even when the page around it cannot be read.
                return Problem(target, status == 500 ? FreshnessState.Stale : FreshnessState.Unreadable, $"HTTP {status}, page not understood: {ex.Message}", status);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Problem(target, FreshnessState.Unreachable, $"no answer within {Durations.Format(app.Timeout)}", null);
        }
        catch (HttpRequestException ex)
        {
            return Problem(target, FreshnessState.Unreachable, ex.HttpRequestError == HttpRequestError.ConnectionError && ex.InnerException is { } inner ? inner.Message : ex.Message, null);
        }
    }

    public void Dispose() => _http.Dispose();

    private static PodFreshness Problem(ProbeTarget target, FreshnessState state, string error, int? status) =>
        new(target.Pod, state, null, null, null, null, error) { Url = target.Url.ToString(), StatusCode = status };
}
