using System.Net;
using k8s;
using k8s.Models;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// The fake API server fails as production ones do, seen by plain HTTP and by KubernetesClient: it refuses connections
/// when stopped, takes them and never answers when silent, ends watches cleanly, keeps answering 410 after a relist,
/// and answers /readyz as the real one does.
/// </summary>
public sealed class FakeApiServerFailureTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private FakeKubernetesApiServer _server = null!;
    private k8s.Kubernetes _client = null!;
    private HttpClient _http = null!;

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = TimeSpan.Zero });
        _server.Upsert(new V1PodBuilder("web-0", "shop").Build());
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig(_directory.File("kubeconfig.yaml"))));
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Stopped_it_refuses_connections()
    {
        await _server.StopAsync();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(new Uri("api/v1/pods", UriKind.Relative), Token));

        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, (refused.InnerException as System.Net.Sockets.SocketException)?.SocketErrorCode);
    }

    [Fact]
    public async Task Silent_it_takes_the_connection_and_sends_no_headers_until_it_answers_again()
    {
        _server.Faults.Silent = true;

        var list = _http.GetAsync(new Uri("api/v1/pods", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Token);
        var readyz = _http.GetAsync(new Uri("readyz", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Token);
        await _server.Stats.WaitForAsync(() => _server.Stats.SilencedRequests == 2, Token);
        Assert.False(list.IsCompleted || readyz.IsCompleted, "no headers may come while the server is silent");

        _server.Faults.Silent = false;

        using var listed = await list;
        using var ready = await readyz;
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("ok", await ready.Content.ReadAsStringAsync(Token));
        Assert.Equal(0, _server.Stats.SilencedRequests);
    }

    [Fact]
    public async Task A_watch_open_when_it_went_silent_stays_dead_after_it_answers_again_while_a_new_one_streams()
    {
        var from = (await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: Token)).Metadata.ResourceVersion;
        using var deadResponse = await _http.GetAsync(new Uri($"api/v1/pods?watch=true&resourceVersion={from}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Token);
        using var dead = new StreamReader(await deadResponse.Content.ReadAsStreamAsync(Token));
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);

        _server.Faults.Silent = true;
        _server.Upsert(new V1PodBuilder("web-1", "shop").Build());
        var deadLine = dead.ReadLineAsync(Token).AsTask();
        _server.Faults.Silent = false;
        await using var live = new PodWatch(_client, from, Token);

        var (type, pod) = await live.NextChangeAsync();
        Assert.Equal((WatchEventType.Added, "web-1"), (type, pod.Name()));
        Assert.False(deadLine.IsCompleted, "a watch open when the server went silent must never send again");
    }

    [Fact]
    public async Task Expiring_every_watch_answers_410_even_to_a_watch_from_a_list_just_made_and_ends_it()
    {
        _server.Faults.ExpireEveryWatch = true;
        var list = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: Token);

        await using var watch = new PodWatch(_client, list.Metadata.ResourceVersion, Token);

        var error = Assert.IsType<KubernetesException>(await watch.NextErrorAsync());
        Assert.Equal((410, "Expired"), (error.Status.Code, error.Status.Reason));
        Assert.Empty(await watch.RestUntilEndAsync());
        Assert.Equal(1, _server.Stats.GoneSent);
    }

    [Fact]
    public async Task Ending_watches_ends_them_cleanly_after_what_was_queued()
    {
        var from = (await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: Token)).Metadata.ResourceVersion;
        await using var watch = new PodWatch(_client, from, Token);
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);
        _server.Upsert(new V1PodBuilder("web-1", "shop").Build());

        _server.Faults.EndWatches();

        Assert.Equal(["web-1"], (await watch.RestUntilEndAsync()).Select(e => e.Pod.Name()));
    }

    [Fact]
    public async Task Readyz_answers_ok_to_anyone_as_the_public_info_viewer_role_allows()
    {
        await using var guarded = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { RequiredToken = "s3cret" }, Token);
        using var anonymous = new HttpClient { BaseAddress = guarded.BaseUri };

        Assert.Equal("ok", await anonymous.GetStringAsync(new Uri("readyz", UriKind.Relative), Token));
        using var pods = await anonymous.GetAsync(new Uri("api/v1/pods", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.Unauthorized, pods.StatusCode);
        Assert.Equal(1, guarded.Stats.ProbesServed);
    }
}
