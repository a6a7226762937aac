using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.ScaleOut;

/// <summary>The election itself, against the fake API server's Lease: one leader, and a leader that stops in time.</summary>
public sealed class LeaseLeadershipTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly TempDirectory _dir = new();
    private readonly List<LeaseLeadership> _replicas = [];
    private FakeKubernetesApiServer _api = null!;

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync() => _api = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.StopAsync(CancellationToken.None);
            replica.Dispose();
        }

        await _api.DisposeAsync();
        _dir.Dispose();
        _timeout.Dispose();
    }

    // Long enough that a loaded machine's stall of a second or two neither makes a leader step down (renew deadline)
    // nor lets another take over (lease): a term changes hands here only where a test makes it.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(5);

    private async Task<LeaseLeadership> StartAsync(string identity, TimeSpan? renewDeadline = null)
    {
        var options = new ScaleOutLeaseOptions
        {
            Identity = identity,
            Namespace = "ops",
            LeaseDuration = Lease,
            RenewDeadline = renewDeadline ?? RenewDeadline,
            RetryPeriod = TimeSpan.FromSeconds(0.25),
        };
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.WriteKubeconfig(_dir.File("kubeconfig.yaml")));
        config.HttpClientTimeout = options.RenewDeadline;
        var leadership = new LeaseLeadership(options, new k8s.Kubernetes(config), TimeProvider.System, NullLogger<LeaseLeadership>.Instance);
        _replicas.Add(leadership);
        await leadership.StartAsync(Token);
        return leadership;
    }

    [Fact]
    public async Task Of_three_replicas_exactly_one_leads_and_the_lease_names_it()
    {
        var replicas = new[] { await StartAsync("replica-a"), await StartAsync("replica-b"), await StartAsync("replica-c") };

        await Eventually.HoldsAsync(() => replicas.Count(r => r.IsLeader) == 1, Within, "one replica leads", Token);
        var leader = replicas.Single(r => r.IsLeader);
        await Eventually.HoldsAsync(() => replicas.All(r => r.Leader == leader.Identity), Within, "every replica knows the leader", Token);

        Assert.Equal(leader.Identity, _api.Get<V1Lease>("ops", "opsdashboard-leader")!.Spec.HolderIdentity);
        Assert.Equal(1, replicas.Count(r => r.IsLeader));
    }

    [Fact]
    public async Task A_leader_shut_down_cleanly_hands_the_lease_over_at_once_not_after_it_runs_out()
    {
        var a = await StartAsync("replica-a");
        await a.WaitForLeadershipAsync(Token).WaitAsync(Within, Token);
        var b = await StartAsync("replica-b");
        await Eventually.HoldsAsync(() => b.Leader == "replica-a", Within, "replica-b sees replica-a lead", Token);

        await a.StopAsync(Token);
        // The event that lets replica-b lead at its next retry rather than after 15 s: the Lease handed back, an empty
        // holder, by the time StopAsync returns (or already replica-b's). No stopwatch: a loaded machine slows retries.
        var handedBack = _api.Get<V1Lease>("ops", "opsdashboard-leader")!.Spec.HolderIdentity;
        Assert.True(string.IsNullOrEmpty(handedBack) || handedBack == "replica-b", $"the Lease still names {handedBack} after it stopped");
        await b.WaitForLeadershipAsync(Token).WaitAsync(Within, Token);

        Assert.Equal("replica-b", _api.Get<V1Lease>("ops", "opsdashboard-leader")!.Spec.HolderIdentity);
        Assert.False(a.IsLeader);
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_leading_before_anyone_else_may_take_over()
    {
        // It must give up at its renew deadline (1.5 s), long before the 15 s lease would let another replica lead.
        var a = await StartAsync("replica-a", TimeSpan.FromSeconds(1.5));
        var term = await a.WaitForLeadershipAsync(Token);
        Assert.True(a.IsLeader);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = term.Register(() => lost.TrySetResult());

        await _api.StopAsync();
        var cut = TimeProvider.System.GetTimestamp();
        await lost.Task.WaitAsync(Within, Token);
        var stoppedAfter = TimeProvider.System.GetElapsedTime(cut);

        Assert.True(stoppedAfter < Lease, $"the leader kept leading {stoppedAfter.TotalSeconds:0.00} s after it could last renew");
        Assert.False(a.IsLeader);

        // The API comes back: leading resumes with a new term, and work bound to the old one stays cancelled.
        await _api.RestartAsync();
        var next = await a.WaitForLeadershipAsync(Token).WaitAsync(Within, Token);
        Assert.True(term.IsCancellationRequested);
        Assert.False(next.IsCancellationRequested);
    }

    [Fact]
    public async Task Work_runs_only_while_leading_and_starts_again_with_each_new_term()
    {
        var a = await StartAsync("replica-a");
        var starts = 0;
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = a.RunWhileLeadingAsync(async token =>
        {
            Interlocked.Increment(ref starts);
            await Task.Delay(Timeout.Infinite, token);
        }, stopping.Token);

        await Eventually.HoldsAsync(() => Volatile.Read(ref starts) == 1, Within, "the work starts once leading", Token);
        await _api.StopAsync();
        await Eventually.HoldsAsync(() => !a.IsLeader, Within, "leadership is lost", Token);
        Assert.Equal(1, Volatile.Read(ref starts));
        await _api.RestartAsync();
        await Eventually.HoldsAsync(() => Volatile.Read(ref starts) == 2, Within, "the work starts again with the new term", Token);

        await stopping.CancelAsync();
        await running.WaitAsync(Within, Token);
    }
}
