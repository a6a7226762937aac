using Microsoft.Extensions.Options;

namespace OpsDashboard.Demo;

/// <summary>
/// The simulated fleet behind the demo sources, modelled on the team we serve: four clusters, bedrock, MDN and SUMO.
/// Everything is a pure function of the time since the app started, so tests can drive it with a fake clock and
/// two browsers always see the same fleet.
/// </summary>
public sealed class DemoFleet
{
    public static readonly IReadOnlyList<DemoCluster> Clusters =
    [
        new("oregon-a", "us-west-2", 12, ["mdn-prod", "sumo-prod"]),
        new("oregon-b", "us-west-2", 10, ["bedrock-prod", "mdn-prod"]),
        new("frankfurt", "eu-central-1", 6, ["bedrock-prod", "sumo-prod"]),
        new("tokyo", "ap-northeast-1", 5, ["bedrock-prod"]),
    ];

    public DemoFleet(TimeProvider time, IOptions<DemoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Time = time;
        Epoch = time.GetUtcNow() - options.Value.StartAt;
        ImportSpeed = options.Value.ImportSpeed;
    }

    public TimeProvider Time { get; }

    /// <summary>When the simulation started; every scripted event is placed relative to it.</summary>
    public DateTimeOffset Epoch { get; }

    public double ImportSpeed { get; }

    public TimeSpan Elapsed(DateTimeOffset now) => now - Epoch;

    /// <summary>
    /// The Kubernetes API of a cluster is sometimes out of reach (tokyo, three minutes every hour), so the demo shows
    /// what an unreachable cluster looks like: last data kept, marked stale, "unreachable since".
    /// </summary>
    public string? ApiOutage(string cluster, DateTimeOffset now)
    {
        var minute = Elapsed(now).TotalMinutes % 60;
        return cluster == "tokyo" && minute is >= 40 and < 43
            ? "unreachable: Get \"https://tokyo.eks.amazonaws.example/api/v1/nodes\": dial tcp 10.3.0.10:443: i/o timeout"
            : null;
    }
}

/// <summary>A simulated cluster: its name, AWS region, node count and the namespaces it runs.</summary>
public sealed record DemoCluster(string Name, string Region, int NodeCount, IReadOnlyList<string> Namespaces);
