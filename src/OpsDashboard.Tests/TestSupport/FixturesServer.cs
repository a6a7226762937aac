using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// A real <c>@octokit/fixtures-server</c> (npm, installed by test.sh into src/OpsDashboard.Tests/node) on a loopback
/// port, serving its own recorded GitHub scenarios and any given here in its nock JSON format. A loaded scenario answers
/// its requests once each, in order, like the recorded session; anything else gets a 404 naming what it expected.
/// </summary>
public sealed class FixturesServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http = new();
    private Process? _process;

    private FixturesServer(int port)
    {
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    public static string ServerScript => Path.Combine(RepoPaths.Root, "src", "OpsDashboard.Tests", "node", "node_modules", "@octokit", "fixtures-server", "bin", "server.js");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the server with the package's scenarios plus <paramref name="scenarios"/> (name → nock fixtures).</summary>
    public static async Task<FixturesServer> StartAsync(IReadOnlyDictionary<string, JsonArray> scenarios, CancellationToken cancellationToken)
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException($"{ServerScript} is missing: run ./test.sh, which runs npm ci in src/OpsDashboard.Tests/node.");
        }

        var server = new FixturesServer(DashboardProcess.FreePort());
        foreach (var (name, fixtures) in scenarios)
        {
            await File.WriteAllTextAsync(server._dir.File(name + ".json"), fixtures.ToJsonString(), cancellationToken);
        }

        // The package's recorded scenarios beside ours, under their own names (the server names a file by its base name).
        var packaged = Path.Combine(RepoPaths.Root, "src", "OpsDashboard.Tests", "node", "node_modules", "@octokit", "fixtures", "scenarios", "api.github.com");
        foreach (var scenario in Directory.GetDirectories(packaged).Where(d => File.Exists(Path.Combine(d, "normalized-fixture.json"))))
        {
            File.Copy(Path.Combine(scenario, "normalized-fixture.json"), server._dir.File(Path.GetFileName(scenario) + ".json"), overwrite: false);
        }

        var info = ChildProcess.StartInfo("node", [ServerScript, "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fixtures-url", server.BaseUri.ToString().TrimEnd('/'), "--log-level", "warn", "--ttl", "3600000", "--fixtures", $"{server._dir.Path}/*.json"]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetDirectoryName(ServerScript);
        server._process = new Process { StartInfo = info };
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads a scenario; returns the API root to point Octokit at (as if it were https://api.github.com/).</summary>
    public async Task<Uri> LoadAsync(string scenario, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(BaseUri, "fixtures"), new { scenario }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"loading scenario {scenario} failed: {(int)response.StatusCode} {body}");
        }

        return new Uri(JsonNode.Parse(body)!["url"]!.GetValue<string>() + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"fixtures-server exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var ping = await _http.GetAsync(new Uri(BaseUri, "ping"), deadline.Token);
                if (ping.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: wait for the process to print its address.
                await WaitForOutputAsync(deadline.Token);
            }
        }
    }

    private async Task WaitForOutputAsync(CancellationToken cancellationToken)
    {
        var seen = Log.Length;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (Log.Length == seen && !_process!.HasExited && await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (seen > 0)
            {
                return;
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
