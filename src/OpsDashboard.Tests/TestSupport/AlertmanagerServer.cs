using System.Diagnostics;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>Debian's real prometheus-alertmanager (installed by test.sh) on loopback, routing every alert to one webhook at once (group_wait 0).</summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly TempDirectory _dir = new();
    private Process? _process;

    private AlertmanagerServer(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public static async Task<AlertmanagerServer> StartAsync(Uri webhook, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: the notification tests need Debian's prometheus-alertmanager. Run ./test.sh, which installs it.");
        }

        var server = new AlertmanagerServer(DashboardProcess.FreePort());
        var config = Path.Combine(server._dir.Path, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: test
              group_by: ['alertname', 'cluster']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 4h
            receivers:
              - name: test
                webhook_configs:
                  - url: '{webhook}'
                    send_resolved: true
            """, cancellationToken);
        var info = ChildProcess.StartInfo(Binary, [
            $"--config.file={config}", $"--storage.path={Path.Combine(server._dir.Path, "data")}",
            $"--web.listen-address=127.0.0.1:{server.Port}", $"--cluster.listen-address=", "--log.level=warn"]);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        server._process = Process.Start(info)!;
        server._process.BeginErrorReadLine();
        server._process.BeginOutputReadLine();
        using var http = new HttpClient();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var ready = await http.GetAsync(new Uri(server.Url, "-/ready"), cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"prometheus-alertmanager exited with {server._process.ExitCode}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The alerts Alertmanager holds now (<c>GET /api/v2/alerts</c>: active, silenced and inhibited ones; resolved ones are left out).</summary>
    public async Task<System.Text.Json.Nodes.JsonArray> AlertsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri(Url, "api/v2/alerts"), cancellationToken);
        return System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        _dir.Dispose();
    }
}
