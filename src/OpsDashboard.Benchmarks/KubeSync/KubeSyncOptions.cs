using System.Globalization;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>The options of the <c>kube-sync</c> scenario; the same parsed record goes to the fake cluster's process.</summary>
public sealed record KubeSyncOptions
{
    public const string Usage =
        "kube-sync options: --nodes N (5000) --pods N (150000) --runs N (3) --churn-minutes N (11) --churn-percent N (1, of the pods a minute)\n" +
        "  --rollouts: instead of kubectl, the client with and without the rollouts and scaling projections, then --step-minutes N (3) of --steps-per-minute N (60) rollout steps\n" +
        "  internal roles: --serve (the fake API server's process), --client KUBECONFIG [--without-rollouts] (the measured dashboard client's process)";

    public int Nodes { get; init; } = 5_000;

    public int Pods { get; init; } = 150_000;

    /// <summary>Initial syncs of each side (kubectl and ours), alternating which goes first.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Longer than the longest watch the client asks for (twice its 5-minute minimum), so every watch resumes once.</summary>
    public double ChurnMinutes { get; init; } = 11;

    public double ChurnPercentPerMinute { get; init; } = 1;

    /// <summary>Measure what the rollouts and scaling projections cost, against the client without them, instead of the kubectl comparison.</summary>
    public bool Rollouts { get; init; }

    /// <summary>The measured client watches what it watched before the rollouts and scaling panels (the peer of <see cref="Rollouts"/>).</summary>
    public bool WithoutRollouts { get; init; }

    /// <summary>How long the fake steps Deployments through rollouts, for the step-to-tile latency.</summary>
    public double StepMinutes { get; init; } = 3;

    public int StepsPerMinute { get; init; } = 60;

    /// <summary>This process is the fake API server's, started by the runner.</summary>
    public bool Serve { get; init; }

    /// <summary>This process is the measured client's, syncing from the kubeconfig given.</summary>
    public string? ClientKubeconfig { get; init; }

    public int ChangesPerMinute => (int)Math.Round(Pods * ChurnPercentPerMinute / 100);

    /// <summary>The arguments that give the fake cluster's process the same cluster shape.</summary>
    public IReadOnlyList<string> ServeArguments =>
        ["--serve", "--nodes", Nodes.ToString(CultureInfo.InvariantCulture), "--pods", Pods.ToString(CultureInfo.InvariantCulture),
         "--churn-percent", ChurnPercentPerMinute.ToString(CultureInfo.InvariantCulture), "--steps-per-minute", StepsPerMinute.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Parses the arguments after <c>kube-sync</c>; null with a message on standard error when they are wrong.</summary>
    public static KubeSyncOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new KubeSyncOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            (options, var consumed) = args[i] switch
            {
                "--serve" => (options with { Serve = true }, 0),
                "--rollouts" => (options with { Rollouts = true }, 0),
                "--without-rollouts" => (options with { WithoutRollouts = true }, 0),
                "--step-minutes" when Positive(value) is { } n => (options with { StepMinutes = n }, 1),
                "--steps-per-minute" when Count(value) is { } n => (options with { StepsPerMinute = n }, 1),
                "--client" when value is not null => (options with { ClientKubeconfig = value }, 1),
                "--nodes" when Count(value) is { } n => (options with { Nodes = n }, 1),
                "--pods" when Count(value) is { } n => (options with { Pods = n }, 1),
                "--runs" when Count(value) is { } n => (options with { Runs = n }, 1),
                "--churn-minutes" when Positive(value) is { } n => (options with { ChurnMinutes = n }, 1),
                "--churn-percent" when Positive(value) is { } n => (options with { ChurnPercentPerMinute = n }, 1),
                _ => (null!, -1),
            };
            if (consumed < 0)
            {
                Console.Error.WriteLine($"kube-sync: '{args[i]}' {(value is null ? "" : $"'{value}' ")}is not an option with a valid value.\n{Usage}");
                return null;
            }

            i += consumed;
        }

        return options;
    }

    private static int? Count(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static double? Positive(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
