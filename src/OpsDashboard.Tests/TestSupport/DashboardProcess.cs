using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// The real app, started as its own process on a loopback port, as a user would run it. Used by the end-to-end tests
/// and the benchmarks; it can be killed and started again on the same port to test recovery.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DashboardProcess(Process process, int port, string scheme)
    {
        _process = process;
        Port = port;
        BaseUri = new Uri($"{scheme}://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the app and returns once it logs that it has started and /healthz/ready answers 200.</summary>
    public static Task<DashboardProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken) =>
        StartAsync(port, settings, new DashboardLaunch(), cancellationToken);

    /// <summary>Starts the app as <paramref name="launch"/> says (over https, as another user, from another folder).</summary>
    public static async Task<DashboardProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings, DashboardLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var https = launch.Https;
        var prefix = launch.Prefix ?? [];
        var info = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : "dotnet")
        {
            WorkingDirectory = launch.WorkingDirectory ?? RepoPaths.AppProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Skip(1).Concat(prefix.Count > 0 ? ["dotnet"] : []))
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add(launch.AppDll ?? RepoPaths.AppDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"{(https is null ? "http" : "https")}://127.0.0.1:{port}");
        if (https is not null)
        {
            info.Environment["Kestrel__Certificates__Default__Path"] = https.PfxPath;
            info.Environment["Kestrel__Certificates__Default__Password"] = https.Password;
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new DashboardProcess(process, port, https is null ? "http" : "https");
        process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnOutput(e.Data);
        process.Exited += (_, _) => app._started.TrySetException(new InvalidOperationException($"The app exited with code {process.ExitCode} before it started:\n{app.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app._started.Task.WaitAsync(StartTimeout, cancellationToken);
            using var http = new HttpClient(https?.TrustingHandler() ?? new HttpClientHandler()) { BaseAddress = app.BaseUri };
            using var ready = await http.GetAsync(new Uri("healthz/ready", UriKind.Relative), cancellationToken);
            ready.EnsureSuccessStatusCode();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the app to completion with the given arguments, for start-up failure tests.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = ChildProcess.StartInfo("dotnet", [RepoPaths.AppDll, .. args]);
        info.WorkingDirectory = RepoPaths.AppProjectDirectory;
        var result = await ChildProcess.RunAsync(info, cancellationToken);
        return (result.ExitCode, result.Output + result.Error);
    }

    /// <summary>Kills the process at once, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}

/// <summary>
/// How to start the app: over https with <see cref="Https"/> as its certificate; behind <see cref="Prefix"/> (a command
/// such as setpriv that then runs dotnet); from a copy of the build (<see cref="AppDll"/>, <see cref="WorkingDirectory"/>).
/// </summary>
public sealed record DashboardLaunch(LoopbackCertificate? Https = null, IReadOnlyList<string>? Prefix = null, string? AppDll = null, string? WorkingDirectory = null);
