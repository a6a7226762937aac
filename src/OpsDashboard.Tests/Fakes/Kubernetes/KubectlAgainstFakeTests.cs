using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.TestSupport;
using Xunit.Abstractions;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>The real kubectl, as the most exacting client there is, reads the fake as it reads an API server.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class KubectlAgainstFakeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(Timeout);
    private FakeKubernetesApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _server.Upsert(new V1NodeBuilder("cp-1").ControlPlane().Build());
        _server.Upsert(new V1NodeBuilder("worker-1").Build());
        _server.Upsert(new V1NodeBuilder("worker-2").NotReady().Cordoned().Build());
        _server.Upsert(new V1PodBuilder("api-1", "shop").OnNode("worker-1").Build());
        _server.Upsert(new V1PodBuilder("api-2", "shop").OnNode("worker-1").CrashLooping(restarts: 7).Build());
        _server.Upsert(new V1PodBuilder("cart-1", "shop").OnNode("worker-2").Build());
        _server.Upsert(new V1PodBuilder("coredns-1", "kube-system").OnNode("cp-1").Build());
        _server.Upsert(new V1PodBuilder("queued-1", "batch").Pending().Build());
        _server.Upsert(new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(92, 70).Replicas(20).AtMax().Build());
        _server.Upsert(new V2HorizontalPodAutoscalerBuilder("api", "mdn-prod").Between(null, 5).Cpu(null, 80).Replicas(1).MetricsUnavailable().Build());
        _server.Upsert(new V2HorizontalPodAutoscalerBuilder("bedrock-web", "bedrock-prod").Scaling("StatefulSet", "bedrock").Between(3, 12)
            .Cpu(45, 70).Utilization("memory", 60, 80).PodsMetric("http_requests", "120", "100").Replicas(4).Build());
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(string.Join('\n', _server.Stats.Requests));
        await _server.DisposeAsync();
        _timeout.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Get_nodes_prints_every_node_with_its_status_roles_and_version()
    {
        var table = Table(await RunAsync("get", "nodes"));

        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION"], table.Header);
        Assert.Equal(
            [("cp-1", "Ready", "control-plane"), ("worker-1", "Ready", "<none>"), ("worker-2", "NotReady,SchedulingDisabled", "<none>")],
            table.Rows.Select(r => (r[0], r[1], r[2])));
        Assert.All(table.Rows, r => Assert.Equal("v1.32.4", r[4]));

        var json = JsonDocument.Parse(await RunAsync("get", "nodes", "-o", "json")).RootElement;
        Assert.Equal(["cp-1", "worker-1", "worker-2"], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.Equal("Node", i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Get_pods_in_all_namespaces_prints_every_pod_with_its_namespace_readiness_and_restarts()
    {
        var table = Table(await RunAsync("get", "pods", "-A"));

        Assert.Equal(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"], table.Header);
        Assert.Equal(
            [
                ("batch", "queued-1", "0/1", "Pending", "0"),
                ("kube-system", "coredns-1", "1/1", "Running", "0"),
                ("shop", "api-1", "1/1", "Running", "0"),
                ("shop", "api-2", "0/1", "CrashLoopBackOff", "7"),
                ("shop", "cart-1", "1/1", "Running", "0"),
            ],
            table.Rows.Select(r => (r[0], r[1], r[2], r[3], r[4])));

        var json = JsonDocument.Parse(await RunAsync("get", "pods", "-A", "-o", "json")).RootElement;
        Assert.Equal(
            ["batch/queued-1", "kube-system/coredns-1", "shop/api-1", "shop/api-2", "shop/cart-1"],
            json.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("metadata").GetProperty("namespace")}/{i.GetProperty("metadata").GetProperty("name")}"));
    }

    [Fact]
    public async Task Get_hpa_prints_reference_targets_and_replica_bounds_as_the_api_server_does()
    {
        var table = Table(await RunAsync("get", "hpa", "-n", "mdn-prod"));
        var all = Table(await RunAsync("get", "horizontalpodautoscalers.autoscaling", "-A"));
        var wide = Table(await RunAsync("get", "hpa", "-A", "-o", "wide"));

        Assert.Equal(["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], table.Header);
        Assert.Equal(
            [["api", "Deployment/api", "cpu: <unknown>/80%", "<unset>", "5", "1"], ["web", "Deployment/web", "cpu: 92%/70%", "6", "20", "20"]],
            table.Rows.Select(r => r[..6]));
        Assert.Equal(["NAMESPACE", "NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], all.Header);
        Assert.Equal(
            [
                ("bedrock-prod", "bedrock-web", "StatefulSet/bedrock", "cpu: 45%/70%, memory: 60%/80% + 1 more..."),
                ("mdn-prod", "api", "Deployment/api", "cpu: <unknown>/80%"),
                ("mdn-prod", "web", "Deployment/web", "cpu: 92%/70%"),
            ],
            all.Rows.Select(r => (r[0], r[1], r[2], r[3])));
        Assert.Equal(all.Header, wide.Header);

        var json = JsonDocument.Parse(await RunAsync("get", "hpa", "-A", "-o", "json")).RootElement;
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.Equal(("HorizontalPodAutoscaler", "autoscaling/v2"), (i.GetProperty("kind").GetString(), i.GetProperty("apiVersion").GetString())));
        Assert.Equal([4, 1, 20], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetProperty("currentReplicas").GetInt32()));
    }

    [Fact]
    public async Task Get_pods_with_a_chunk_size_of_two_pages_through_all_of_them()
    {
        var listsBefore = _server.Stats.ListsServed;

        var table = Table(await RunAsync("get", "pods", "-A", "--chunk-size=2"));

        Assert.Equal(["queued-1", "coredns-1", "api-1", "api-2", "cart-1"], table.Rows.Select(r => r[1]));
        Assert.Equal(3, _server.Stats.ListsServed - listsBefore);
        Assert.Equal(2, _server.Stats.Requests.Count(r => r.Contains("/api/v1/pods?", StringComparison.Ordinal) && r.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Get_pods_watch_only_prints_an_event_for_a_pod_added_after_it_started()
    {
        await using var watch = Kubectl().Start(["get", "pods", "-A", "--watch-only", "--output-watch-events", "-o", "json"]);
        await _server.Stats.WaitForOpenWatchesAsync(1, _timeout.Token);

        _server.Upsert(new V1PodBuilder("late-1", "shop").Build());

        await foreach (var e in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(watch.Output.BaseStream, topLevelValues: true, cancellationToken: _timeout.Token))
        {
            Assert.Equal("ADDED", e.GetProperty("type").GetString());
            Assert.Equal("late-1", e.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
            Assert.Equal("Pod", e.GetProperty("object").GetProperty("kind").GetString());
            return;
        }

        Assert.Fail($"kubectl ended without printing the event:\n{await watch.ErrorAfterExitAsync()}");
    }

    [Fact]
    public async Task Get_pods_watch_only_in_table_form_prints_a_row_for_a_pod_changed_after_it_started()
    {
        await using var watch = Kubectl().Start(["get", "pods", "-A", "--watch-only"]);
        await _server.Stats.WaitForOpenWatchesAsync(1, _timeout.Token);

        _server.Upsert(new V1PodBuilder("api-1", "shop").OnNode("worker-1").CrashLooping(restarts: 3).Build());

        var header = await watch.Output.ReadLineAsync(_timeout.Token);
        var row = await watch.Output.ReadLineAsync(_timeout.Token);
        Assert.Equal(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"], Columns(header ?? ""));
        Assert.Equal(["shop", "api-1", "0/1", "CrashLoopBackOff", "3"], Columns(row ?? "")[..5]);
    }

    [Fact]
    public async Task Over_https_the_right_token_is_let_in_and_a_wrong_one_is_refused_as_unauthorized()
    {
        // kubectl sends a bearer token only over HTTPS.
        await using var secured = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { RequiredToken = "s3cret", UseHttps = true });
        secured.Upsert(new V1NodeBuilder("node-1").Build());
        var right = new Kubectl(secured.WriteKubeconfig(_directory.File("right.yaml")), _directory.File("cache-right"));
        var wrong = new Kubectl(secured.WriteKubeconfig(_directory.File("wrong.yaml"), token: "wrong"), _directory.File("cache-wrong"));

        var allowed = await right.RunAsync(["get", "nodes", "-o", "name"], _timeout.Token);
        var refused = await wrong.RunAsync(["get", "nodes", "-o", "name"], _timeout.Token);

        Assert.Equal((0, "node/node-1"), (allowed.ExitCode, allowed.Output.Trim()));
        Assert.NotEqual(0, refused.ExitCode);
        // kubectl's words for a 401 during discovery, as against a real API server.
        Assert.Contains("error: You must be logged in to the server", refused.Error, StringComparison.Ordinal);
    }

    private Kubectl Kubectl() => new(_server.WriteKubeconfig(_directory.File("kubeconfig.yaml")), _directory.File("cache"));

    private async Task<string> RunAsync(params string[] args)
    {
        var result = await Kubectl().RunAsync(args, _timeout.Token);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.Error}");
        return result.Output;
    }

    private static (string[] Header, List<string[]> Rows) Table(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (Columns(lines[0]), [.. lines.Skip(1).Select(Columns)]);
    }

    private static string[] Columns(string line) => ColumnGap().Split(line.Trim());

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex ColumnGap();
}
