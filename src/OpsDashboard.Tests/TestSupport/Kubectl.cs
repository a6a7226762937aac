using System.Diagnostics;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>What one kubectl run printed.</summary>
public sealed record KubectlResult(int ExitCode, string Output, string Error);

/// <summary>
/// The real kubectl, run against one kubeconfig with its own discovery cache, as an SRE runs it. Debian's
/// kubernetes-client package (or Google's kubectl) provides it; ./test.sh installs it.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public const string ExecutablePath = "/usr/bin/kubectl";

    public async Task<KubectlResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunAsync(StartInfo(args), cancellationToken);
        return new KubectlResult(result.ExitCode, result.Output, result.Error);
    }

    /// <summary>Starts a long-running kubectl (a watch); the caller reads its output and disposes it, which kills it.</summary>
    public KubectlWatch Start(IEnumerable<string> args) => new(Process.Start(StartInfo(args))!);

    private ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: these tests need Debian's kubernetes-client package. Run ./test.sh, which installs it.");
        }

        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cacheDirectory);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = cacheDirectory;
        return info;
    }
}

/// <summary>A running kubectl whose standard output a test reads; killed on dispose.</summary>
public sealed class KubectlWatch(Process process) : IAsyncDisposable
{
    private readonly Task<string> _error = process.StandardError.ReadToEndAsync();
    private bool _disposed;

    public StreamReader Output => process.StandardOutput;

    /// <summary>What kubectl printed on standard error, once it has exited; for failure messages.</summary>
    public async Task<string> ErrorAfterExitAsync()
    {
        await DisposeAsync();
        return await _error;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
