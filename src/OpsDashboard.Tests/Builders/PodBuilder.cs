using System.Collections.Frozen;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Tests.Builders;

/// <summary>Compact pods for aggregator and panel tests: <c>new PodBuilder("web-abc").CrashLooping().Build()</c>.</summary>
public sealed class PodBuilder(string name = "web-7d9f8c6b5-x2k4q", string ns = "mdn-prod")
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    private WorkloadRef _owner = new(WorkloadKind.Deployment, "web");
    private string _revision = "7d9f8c6b5";
    private bool _ready = true;
    private int _restarts;
    private string? _waiting;
    private string? _lastTermination;
    private string _phase = "Running";
    private string _node = "node-0";
    private DateTimeOffset? _terminatedAt;

    public PodBuilder OwnedBy(WorkloadKind kind, string workload)
    {
        _owner = new WorkloadRef(kind, workload);
        return this;
    }

    public PodBuilder Revision(string revision)
    {
        _revision = revision;
        return this;
    }

    public PodBuilder NotReady()
    {
        _ready = false;
        return this;
    }

    public PodBuilder OnNode(string node)
    {
        _node = node;
        return this;
    }

    public PodBuilder Restarted(int times, string reason = "Error")
    {
        _restarts = times;
        _lastTermination = reason;
        return this;
    }

    public PodBuilder TerminatedAt(DateTimeOffset at)
    {
        _terminatedAt = at;
        return this;
    }

    public PodBuilder CrashLooping(string lastTermination = "OOMKilled")
    {
        _ready = false;
        _waiting = "CrashLoopBackOff";
        _lastTermination = lastTermination;
        _restarts = Math.Max(_restarts, 5);
        return this;
    }

    public PodBuilder Succeeded()
    {
        _phase = "Succeeded";
        _ready = false;
        return this;
    }

    public PodInfo Build() => new(ns, name, _node, _phase, _ready, _owner, _revision, _restarts, _waiting, _lastTermination,
        _lastTermination is null ? null : _terminatedAt ?? Created.AddHours(5), Created, false, "10.0.0.1", FrozenDictionary<string, string>.Empty);
}
