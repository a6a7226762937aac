using System.Collections.Concurrent;
using System.Globalization;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.SiteChecks;

/// <summary>Debian's prometheus-blackbox-exporter (the tests' <see cref="BlackboxExporterServer"/>), asked /probe for every target each interval as a scrape would.</summary>
public sealed class BlackboxPeer : IAsyncDisposable
{
    private const string Module = "http_mozilla";
    private readonly BlackboxExporterServer _server;
    private readonly ConcurrentQueue<double> _durations = new();
    private long _probes;

    private BlackboxPeer(BlackboxExporterServer server) => _server = server;

    public long Probes => Interlocked.Read(ref _probes);

    public static async Task<BlackboxPeer> StartAsync(string path, TimeSpan timeout, CancellationToken cancellationToken) =>
        new(await BlackboxExporterServer.StartAsync(_ => string.Create(CultureInfo.InvariantCulture,
            $"  {Module}:\n    prober: http\n    timeout: {timeout.TotalSeconds}s\n    http:\n      fail_if_body_not_matches_regexp: [\"Mozilla\"]\n      preferred_ip_protocol: ip4\n"), cancellationToken, path));

    /// <summary>
    /// Every interval, every target, as Prometheus scrapes them: spread evenly over the interval (the i-th of N after
    /// interval × i ÷ N, as the dashboard spreads its checks), each probe awaited on its own (a hanging target costs the
    /// exporter its timeout). With <paramref name="burst"/>, every target at once instead (the runs before 2026-12-04).
    /// </summary>
    public Task RunAsync(IReadOnlyList<string> targets, TimeSpan interval, bool burst, CancellationToken cancellationToken) =>
        Task.WhenAll(targets.Select((target, i) => ScrapeAsync(target, burst ? TimeSpan.Zero : interval * i / targets.Count, interval, cancellationToken)));

    private async Task ScrapeAsync(string target, TimeSpan offset, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(offset, cancellationToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                _ = ProbeAsync(target, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeAsync(string target, CancellationToken cancellationToken)
    {
        try
        {
            var probe = await _server.ProbeAsync(new Uri(target), Module, cancellationToken);
            Interlocked.Increment(ref _probes);
            if (probe.GetValueOrDefault("probe_success") == 1 && probe.TryGetValue("probe_duration_seconds", out var seconds) && _durations.Count < 100_000)
            {
                _durations.Enqueue(seconds * 1000);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
        }
    }

    public TimeSpan Cpu() => _server.Cpu();

    public long ResidentBytes() => _server.ResidentBytes();

    public double MedianDurationMs() => _durations.IsEmpty ? 0 : _durations.Order().ElementAt(_durations.Count / 2);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
