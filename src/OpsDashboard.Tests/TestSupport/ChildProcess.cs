using System.Diagnostics;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>What a program run to its end printed.</summary>
public sealed record ChildProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs a program to its end, collecting both output streams; killed, with its children, if cancelled.</summary>
public static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new ChildProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Kills a server started for a test (and what it started), waits for it to be gone, and lets go of it.</summary>
    public static async Task StopAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }

    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
