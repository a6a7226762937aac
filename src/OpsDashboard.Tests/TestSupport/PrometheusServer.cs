using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// A real Prometheus (Debian's prometheus package, installed by test.sh) on a loopback port, its TSDB filled beforehand
/// with <c>promtool tsdb create-blocks-from openmetrics</c> from samples the test writes.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private Process? _process;

    private PrometheusServer(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Backfills <paramref name="samples"/> (OpenMetrics lines without the trailing # EOF) and starts the server.</summary>
    public static async Task<PrometheusServer> StartAsync(string samples, CancellationToken cancellationToken)
    {
        foreach (var tool in new[] { "/usr/bin/prometheus", "/usr/bin/promtool" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: the Prometheus tests need Debian's prometheus package. Run ./test.sh, which installs it.");
            }
        }

        var server = new PrometheusServer(DashboardProcess.FreePort());
        var input = Path.Combine(server._dir.Path, "samples.om");
        var data = Path.Combine(server._dir.Path, "data");
        await File.WriteAllTextAsync(input, samples.TrimEnd() + "\n# EOF\n", cancellationToken);
        var backfill = await ChildProcess.RunAsync(ChildProcess.StartInfo("/usr/bin/promtool", ["tsdb", "create-blocks-from", "openmetrics", input, data]), cancellationToken);
        if (backfill.ExitCode != 0)
        {
            throw new InvalidOperationException($"promtool could not load the samples ({backfill.ExitCode}): {backfill.Output}{backfill.Error}");
        }

        var config = Path.Combine(server._dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n", cancellationToken);
        var info = ChildProcess.StartInfo("/usr/bin/prometheus", [
            $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{server.Port}",
            "--storage.tsdb.retention.time=60d", "--log.level=warn"]);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        server._process = Process.Start(info)!;
        server._process.BeginErrorReadLine();
        server._process.BeginOutputReadLine();
        await server.WaitReadyAsync(cancellationToken);
        return server;
    }

    /// <summary>OpenMetrics text for one counter series sampled every <paramref name="step"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static string Counter(string name, string labels, DateTimeOffset from, DateTimeOffset to, TimeSpan step, Func<DateTimeOffset, double> totalAt)
    {
        ArgumentNullException.ThrowIfNull(totalAt);
        var text = new StringBuilder();
        for (var t = from; t <= to; t += step)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}_total{{{labels}}} {totalAt(t):0.###} {t.ToUnixTimeSeconds()}\n");
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        _dir.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(Url, "-/ready"), deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
