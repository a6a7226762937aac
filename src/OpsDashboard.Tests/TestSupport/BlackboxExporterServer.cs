using System.Diagnostics;
using System.Globalization;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// Debian's real prometheus-blackbox-exporter (installed by test.sh) on loopback, with the modules a test writes, asked
/// <c>/probe</c> as a Prometheus scrape would and read back as the exposition text it answers.
/// </summary>
public sealed class BlackboxExporterServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-blackbox-exporter";

    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private Process? _process;

    private BlackboxExporterServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Where a test puts files the modules name (a CA file).</summary>
    public string Directory => _dir.Path;

    /// <summary>
    /// Starts it (<paramref name="binary"/>, Debian's by default) with <paramref name="modules"/>, the YAML under
    /// <c>modules:</c> given the folder for files it names, and returns once it listens.
    /// </summary>
    public static async Task<BlackboxExporterServer> StartAsync(Func<string, string> modules, CancellationToken cancellationToken, string binary = Binary)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: the site checks' parity test and benchmark need Debian's prometheus-blackbox-exporter. Run ./test.sh, which installs it.");
        }

        var server = new BlackboxExporterServer(DashboardProcess.FreePort());
        var config = Path.Combine(server._dir.Path, "blackbox.yml");
        await File.WriteAllTextAsync(config, "modules:\n" + modules(server._dir.Path), cancellationToken);
        var info = ChildProcess.StartInfo(binary, [$"--config.file={config}", $"--web.listen-address=127.0.0.1:{server.Port}", "--log.level=info"]);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;

        // Ready when it says it listens (exporter-toolkit's "Listening on" line), failed when it exits first.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Line(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            log.Enqueue(line);
            if (line.Contains("Listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        server._process = new Process { StartInfo = info, EnableRaisingEvents = true };
        server._process.OutputDataReceived += Line;
        server._process.ErrorDataReceived += Line;
        server._process.Exited += (sender, _) =>
        {
            ((Process)sender!).WaitForExit(); // the last lines of its log are read before they are told
            listening.TrySetException(new InvalidOperationException(
                $"prometheus-blackbox-exporter exited before it listened; its log:\n{string.Join('\n', log)}"));
        };
        try
        {
            server._process.Start();
            server._process.BeginErrorReadLine();
            server._process.BeginOutputReadLine();
            await listening.Task.WaitAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>One probe of <paramref name="target"/> with <paramref name="module"/>: every sample it answers, by name with its labels ("probe_success", "probe_http_duration_seconds{phase=\"tls\"}").</summary>
    public async Task<IReadOnlyDictionary<string, double>> ProbeAsync(Uri target, string module, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var text = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/probe?module={module}&target={Uri.EscapeDataString(target.ToString())}"), cancellationToken);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
        {
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    /// <summary>The CPU time it has used so far.</summary>
    public TimeSpan Cpu()
    {
        _process!.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Its resident memory now, in bytes.</summary>
    public long ResidentBytes()
    {
        _process!.Refresh();
        return _process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        _http.Dispose();
        _dir.Dispose();
    }
}
