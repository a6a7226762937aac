using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;
using Xunit.Abstractions;

namespace OpsDashboard.Tests.Panels.Rollouts;

/// <summary>
/// The peer: Debian's real <c>kubectl rollout status --watch=false</c>, run against the fake API server holding the
/// same object, must reach the tile's verdict in the same words for every scenario (progressing, complete, stalled past
/// its deadline, paused, partitioned StatefulSet, …).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RolloutStatusAgainstKubectlTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private FakeKubernetesApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        output.WriteLine(string.Join('\n', _server.Stats.Requests));
        await _server.DisposeAsync();
        _timeout.Dispose();
        _directory.Dispose();
    }

    public static TheoryData<string> DeploymentScenarios() => [.. RolloutStatusTests.Deployments().Select(row => (string)row[0])];

    public static TheoryData<string> StatefulSetScenarios() => [.. RolloutStatusTests.StatefulSets().Select(row => (string)row[0])];

    public static TheoryData<string> DaemonSetScenarios() => [.. RolloutStatusTests.DaemonSets().Select(row => (string)row[0])];

    [Theory]
    [MemberData(nameof(DeploymentScenarios))]
    public Task A_deployment_gets_kubectls_verdict(string scenario) =>
        AgreesAsync(RolloutStatusTests.Deployment(scenario), RolloutProjection.From(RolloutStatusTests.Deployment(scenario), new StringPool()), "deployment");

    [Theory]
    [MemberData(nameof(StatefulSetScenarios))]
    public Task A_statefulset_gets_kubectls_verdict(string scenario) =>
        AgreesAsync(RolloutStatusTests.StatefulSet(scenario), RolloutProjection.From(RolloutStatusTests.StatefulSet(scenario), new StringPool()), "statefulset");

    [Theory]
    [MemberData(nameof(DaemonSetScenarios))]
    public Task A_daemonset_gets_kubectls_verdict(string scenario) =>
        AgreesAsync(RolloutStatusTests.DaemonSet(scenario), RolloutProjection.From(RolloutStatusTests.DaemonSet(scenario), new StringPool()), "daemonset");

    private async Task AgreesAsync<T>(T obj, WorkloadRollout projected, string resource)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        _server.Upsert(obj);
        var kubectl = new Kubectl(_server.WriteKubeconfig(_directory.File("kubeconfig.yaml")), _directory.File("cache"));

        var result = await kubectl.RunAsync(["rollout", "status", $"{resource}/{obj.Metadata.Name}", "-n", obj.Metadata.NamespaceProperty, "--watch=false"], _timeout.Token);

        var verdict = RolloutStatus.Of(projected);
        var tile = RolloutJudge.Judge(projected, null, null, DateTimeOffset.UnixEpoch);
        if (verdict.Outcome == RolloutOutcome.Failed)
        {
            Assert.True(result.ExitCode != 0, $"kubectl said: {result.Output}");
            Assert.Equal($"error: {verdict.Message}", result.Error.Trim());
            Assert.True(tile is null || tile.Phase == RolloutPhase.Stalled, $"the tile says {tile?.Phase} where kubectl fails");
        }
        else
        {
            Assert.True(result.ExitCode == 0, $"kubectl exited {result.ExitCode}: {result.Error}");
            Assert.Equal(verdict.Message, result.Output.Trim());
            // Done for kubectl is rolled out for the tile (listed only within the hour of finishing); waiting is in progress.
            Assert.Equal(verdict.Outcome == RolloutOutcome.InProgress, tile?.InProgress == true);
        }
    }
}
