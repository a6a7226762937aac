using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpsDashboard.Benchmarks.SiteChecks;

/// <summary>Debian's prometheus-blackbox-exporter on a loopback port, asked /probe for every target each interval as a scrape would.</summary>
public sealed class BlackboxPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentQueue<double> _durations = new();
    private long _probes;

    private BlackboxPeer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public long Probes => Interlocked.Read(ref _probes);

    public static async Task<BlackboxPeer> StartAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("blackbox-").FullName;
        var config = Path.Combine(dir, "blackbox.yml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture,
            $"modules:\n  http_mozilla:\n    prober: http\n    timeout: {timeout.TotalSeconds}s\n    http:\n      fail_if_body_not_matches_regexp: [\"Mozilla\"]\n      preferred_ip_protocol: ip4\n"), cancellationToken);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo(path, [$"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{path} did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var peer = new BlackboxPeer(process, dir, port);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var ready = await peer._http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return peer;
                }
            }
            catch (HttpRequestException) when (attempt < 100)
            {
            }

            await Task.Delay(100, cancellationToken);
        }
    }

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
            var body = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/probe?module=http_mozilla&target={Uri.EscapeDataString(target)}"), cancellationToken);
            Interlocked.Increment(ref _probes);
            var success = body.Contains("probe_success 1", StringComparison.Ordinal);
            var line = body.Split('\n').FirstOrDefault(l => l.StartsWith("probe_duration_seconds ", StringComparison.Ordinal));
            if (success && line is not null && _durations.Count < 100_000)
            {
                _durations.Enqueue(double.Parse(line["probe_duration_seconds ".Length..], CultureInfo.InvariantCulture) * 1000);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
        }
    }

    public TimeSpan Cpu()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public double MedianDurationMs() => _durations.IsEmpty ? 0 : _durations.Order().ElementAt(_durations.Count / 2);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
