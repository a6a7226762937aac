using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>Leases on the fake behave as on a real API server: created once, replaced only from the version last read.</summary>
public sealed class FakeLeaseTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private FakeKubernetesApiServer _server = null!;
    private k8s.Kubernetes _client = null!;

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig(_directory.File("kubeconfig.yaml"))));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
        _directory.Dispose();
    }

    private static V1Lease Lease(string holder) => new()
    {
        Metadata = new V1ObjectMeta { Name = "opsdashboard-leader", NamespaceProperty = "ops" },
        Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15 },
    };

    [Fact]
    public async Task A_lease_is_created_once_and_read_back_with_kind_and_resource_version()
    {
        var created = await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("replica-a"), "ops", cancellationToken: Token);
        var read = await _client.CoordinationV1.ReadNamespacedLeaseAsync("opsdashboard-leader", "ops", cancellationToken: Token);

        Assert.Equal(("Lease", "coordination.k8s.io/v1"), (read.Kind, read.ApiVersion));
        Assert.Equal("replica-a", read.Spec.HolderIdentity);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.False(string.IsNullOrEmpty(read.Metadata.Uid));

        var again = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("replica-b"), "ops", cancellationToken: Token));
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(again.Response.Content);
        Assert.Equal(("AlreadyExists", "leases.coordination.k8s.io \"opsdashboard-leader\" already exists"), (status.Reason, status.Message));
        Assert.Equal(("opsdashboard-leader", "coordination.k8s.io", "leases"), (status.Details.Name, status.Details.Group, status.Details.Kind));
        Assert.Equal("replica-a", _server.Get<V1Lease>("ops", "opsdashboard-leader")!.Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_replace_from_a_stale_version_is_refused_with_409_and_changes_nothing()
    {
        var first = await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("replica-a"), "ops", cancellationToken: Token);
        var renewed = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(first with { }, "opsdashboard-leader", "ops", cancellationToken: Token);
        Assert.NotEqual(first.Metadata.ResourceVersion, renewed.Metadata.ResourceVersion);

        var stale = Lease("replica-b");
        stale.Metadata.ResourceVersion = first.Metadata.ResourceVersion;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(stale, "opsdashboard-leader", "ops", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.StartsWith("Operation cannot be fulfilled on leases.coordination.k8s.io \"opsdashboard-leader\": the object has been modified", status.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Stats.Conflicts);
        var now = _server.Get<V1Lease>("ops", "opsdashboard-leader")!;
        Assert.Equal(("replica-a", renewed.Metadata.ResourceVersion), (now.Spec.HolderIdentity, now.Metadata.ResourceVersion));
    }

    [Theory]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/missing", 404, "NotFound")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/other-name", 400, "BadRequest")]
    [InlineData("POST", "/api/v1/namespaces/ops/pods", 405, "MethodNotAllowed")]
    public async Task Writes_the_server_would_refuse_get_its_status(string method, string path, int code, string reason)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseUri };
        var body = path.EndsWith("missing", StringComparison.Ordinal)
            ? KubernetesJson.Serialize(new V1Lease { Metadata = new V1ObjectMeta { Name = "missing" } })
            : KubernetesJson.Serialize(Lease("replica-a"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "fake-token");

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(code, (int)response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Equal(("Status", reason), (status.RootElement.GetProperty("kind").GetString(), status.RootElement.GetProperty("reason").GetString()));
    }
}
