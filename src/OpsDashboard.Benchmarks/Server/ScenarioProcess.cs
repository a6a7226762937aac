using System.Diagnostics;
using System.Reflection;

namespace OpsDashboard.Benchmarks.Server;

/// <summary>
/// This benchmark started again in another role (<c>kube-sync --serve</c> or <c>--client</c>, <c>site-checks --prober</c>), talked to in lines:
/// commands on its standard input, labelled answers on its standard output. Its standard error, where it logs, is
/// passed on with a prefix.
/// </summary>
public sealed class ScenarioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Task _errors;

    private ScenarioProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        _errors = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                await Console.Error.WriteLineAsync($"[{name}] {line}");
            }
        });
    }

    /// <summary>Starts <c>SCENARIO ARGS</c>; <paramref name="serverGc"/> as the dashboard runs (the Web SDK's default).</summary>
    public static ScenarioProcess Start(string name, string scenario, IEnumerable<string> args, bool serverGc)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's own executable is unknown.");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        info.ArgumentList.Add(scenario);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        return new ScenarioProcess(Process.Start(info)!, name);
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The rest of the first output line labelled <paramref name="label"/>; other lines are passed on.</summary>
    public async Task<string> ReadAsync(string label, CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(label + " ", StringComparison.Ordinal))
            {
                return line[(label.Length + 1)..];
            }

            await Console.Error.WriteLineAsync(line);
        }

        await _process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"The {_name} process exited with {_process.ExitCode} before printing '{label}'.");
    }

    /// <summary>Asks it to quit and waits; kills it (this one process, by its id) if it has not gone within 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync("quit");
                _process.StandardInput.Close();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        await _errors;
        _process.Dispose();
    }
}
