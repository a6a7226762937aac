using System.Diagnostics;
using System.Globalization;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>What one <c>kubectl get pods -A -o json</c> cost: wall time and peak RSS (from GNU time's wait4 figures).</summary>
public sealed record KubectlFigures(double Seconds, long PeakRssBytes);

/// <summary>
/// The peer: the real kubectl listing every pod as JSON against the same fake, output to /dev/null, under
/// <c>/usr/bin/time</c>, with a discovery cache of its own that the first run fills.
/// </summary>
public sealed class KubectlPeer(string kubeconfig, string cacheDirectory)
{
    private const string GnuTime = "/usr/bin/time";

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var result = await new Kubectl(kubeconfig, cacheDirectory).RunAsync(["version"], cancellationToken);
        return result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("Client Version:", StringComparison.Ordinal))?["Client Version:".Length..].Trim() ?? "unknown";
    }

    public async Task<KubectlFigures> GetAllPodsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(GnuTime) || !File.Exists(Kubectl.ExecutablePath))
        {
            throw new InvalidOperationException($"kube-sync needs {GnuTime} and {Kubectl.ExecutablePath}: apt-get install time kubernetes-client");
        }

        var figures = Path.Combine(cacheDirectory, "time.txt");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        string[] command = ["-c", "exec \"$@\" >/dev/null", "sh", GnuTime, "-f", "%e %M", "-o", figures,
            Kubectl.ExecutablePath, "--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "get", "pods", "-A", "-o", "json"];
        foreach (var arg in command)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = cacheDirectory;
        var started = TimeProvider.System.GetTimestamp();
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var wall = TimeProvider.System.GetElapsedTime(started);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl get pods -A -o json exited with {process.ExitCode}: {await error}");
        }

        var kilobytes = long.Parse((await File.ReadAllTextAsync(figures, cancellationToken)).Trim().Split(' ')[^1], CultureInfo.InvariantCulture);
        return new KubectlFigures(wall.TotalSeconds, kilobytes * 1024);
    }
}
