using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>KubernetesClient, which the dashboard's collectors use, lists and watches the fake as a real API server.</summary>
public sealed class KubernetesClientAgainstFakeTests : IAsyncLifetime
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private FakeKubernetesApiServer _server = null!;
    private k8s.Kubernetes _client = null!;

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = BookmarkInterval, TimeProvider = _clock });
        for (var i = 0; i < 25; i++)
        {
            _server.Upsert(new V1PodBuilder($"web-{i:D2}", i % 2 == 0 ? "shop" : "blog").OnNode($"node-{i % 3}").Build());
        }

        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig(_directory.File("kubeconfig.yaml"))));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_paginated_list_gets_every_pod_from_one_consistent_snapshot_while_the_cluster_changes()
    {
        var pages = new List<V1PodList>();
        string? continueToken = null;
        do
        {
            var page = await _client.CoreV1.ListPodForAllNamespacesAsync(limit: 10, continueParameter: continueToken, cancellationToken: Token);
            pages.Add(page);
            continueToken = page.Metadata.ContinueProperty;
            _server.Upsert(new V1PodBuilder($"late-{pages.Count}", "shop").Build());
            _server.Delete<V1Pod>("shop", "web-24");
        }
        while (continueToken is not null);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Items.Count));
        Assert.Equal([15L, 5L, null], pages.Select(p => p.Metadata.RemainingItemCount));
        Assert.Single(pages.Select(p => p.Metadata.ResourceVersion).Distinct());
        var names = pages.SelectMany(p => p.Items).Select(p => p.Metadata.Name).ToList();
        Assert.Equal(25, names.Distinct().Count());
        Assert.Contains("web-24", names);
        Assert.DoesNotContain(names, n => n.StartsWith("late-", StringComparison.Ordinal));
        Assert.All(pages.SelectMany(p => p.Items), p => Assert.Null(p.Kind));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_from_a_listed_resource_version_sees_added_modified_deleted_and_bookmarks(bool throughResponse)
    {
        var list = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: Token);
        await using var watch = new PodWatch(_client, list.Metadata.ResourceVersion, Token, throughResponse: throughResponse);

        _server.Upsert(new V1PodBuilder("new-1", "shop").Build());
        _server.Upsert(new V1PodBuilder("web-00", "shop").CrashLooping().Build());
        _server.Delete<V1Pod>("blog", "web-01");
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);
        _clock.Advance(BookmarkInterval);

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        var bookmark = await watch.NextAsync();
        Assert.Equal((WatchEventType.Added, "new-1", "Pod", "v1"), (added.Type, added.Pod.Name(), added.Pod.Kind, added.Pod.ApiVersion));
        Assert.Equal((WatchEventType.Modified, "web-00"), (modified.Type, modified.Pod.Name()));
        Assert.Equal("CrashLoopBackOff", modified.Pod.Status.ContainerStatuses[0].State.Waiting.Reason);
        Assert.Equal((WatchEventType.Deleted, "web-01"), (deleted.Type, deleted.Pod.Name()));
        Assert.Equal(_server.ResourceVersion.ToString(), deleted.Pod.ResourceVersion());
        Assert.Equal((WatchEventType.Bookmark, _server.ResourceVersion.ToString()), (bookmark.Type, bookmark.Pod.ResourceVersion()));
    }

    [Fact]
    public async Task A_watch_without_a_resource_version_starts_with_every_current_pod_as_added()
    {
        await using var watch = new PodWatch(_client, resourceVersion: null, Token, labelSelector: "app.kubernetes.io/name=web");

        var first = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var (type, pod) = await watch.NextChangeAsync();
            Assert.Equal(WatchEventType.Added, type);
            first.Add(pod.Name());
        }

        Assert.Equal(25, first.Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_the_history_expires_an_open_watch_gets_a_410_through_on_error_and_ends(bool throughResponse)
    {
        await using var watch = new PodWatch(_client, _server.ResourceVersion.ToString(), Token, throughResponse: throughResponse);
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);

        _server.Faults.ExpireHistory();

        var error = Assert.IsType<KubernetesException>(await watch.NextErrorAsync());
        Assert.Equal((410, "Expired"), (error.Status.Code, error.Status.Reason));
        Assert.Empty(await watch.RestUntilEndAsync());
        Assert.Equal(1, _server.Stats.GoneSent);
    }

    [Fact]
    public async Task A_watch_or_a_continue_token_from_before_the_history_expired_gets_410()
    {
        var firstPage = await _client.CoreV1.ListPodForAllNamespacesAsync(limit: 10, cancellationToken: Token);
        _server.Faults.ExpireHistory();

        await using var watch = new PodWatch(_client, firstPage.Metadata.ResourceVersion, Token);
        var watchError = Assert.IsType<KubernetesException>(await watch.NextErrorAsync());
        var listError = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.ListPodForAllNamespacesAsync(limit: 10, continueParameter: firstPage.Metadata.ContinueProperty, cancellationToken: Token));

        Assert.Equal(410, watchError.Status.Code);
        Assert.StartsWith($"too old resource version: {firstPage.Metadata.ResourceVersion} (", watchError.Status.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Gone, listError.Response.StatusCode);
        Assert.Contains("\"reason\":\"Expired\"", listError.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cut_watches_end_the_stream_with_an_exception()
    {
        await using var watch = new PodWatch(_client, _server.ResourceVersion.ToString(), Token);
        _server.Upsert(new V1PodBuilder("new-1", "shop").Build());
        await watch.NextAsync();

        _server.Faults.CutWatches();

        await Assert.ThrowsAnyAsync<IOException>(watch.NextAsync);
    }

    [Fact]
    public async Task A_malformed_line_reaches_on_error_and_the_watch_goes_on()
    {
        // KubernetesClient parses a watch's first line while it reads the response, so the malformed one comes second.
        await using var watch = new PodWatch(_client, _server.ResourceVersion.ToString(), Token);
        _server.Upsert(new V1PodBuilder("new-1", "shop").Build());
        await watch.NextAsync();

        _server.Faults.InjectMalformedLine();
        _server.Upsert(new V1PodBuilder("new-2", "shop").Build());

        Assert.Equal("new-2", (await watch.NextChangeAsync()).Pod.Name());
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(await watch.NextErrorAsync());
    }

    [Fact]
    public async Task Hung_watches_send_nothing_until_released_and_then_everything_in_order()
    {
        await using var watch = new PodWatch(_client, _server.ResourceVersion.ToString(), Token);
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);

        _server.Faults.HangWatches = true;
        var bytesBefore = _server.Stats.BytesWritten;
        _server.Upsert(new V1PodBuilder("new-1", "shop").Build());
        _server.Upsert(new V1PodBuilder("new-2", "shop").Build());
        await _server.Stats.WaitForHeldWatchesAsync(1, Token);
        _clock.Advance(BookmarkInterval * 3);

        Assert.Equal(bytesBefore, _server.Stats.BytesWritten);
        _server.Faults.HangWatches = false;
        Assert.Equal("new-1", (await watch.NextChangeAsync()).Pod.Name());
        Assert.Equal("new-2", (await watch.NextChangeAsync()).Pod.Name());
    }

    [Fact]
    public async Task The_server_ends_a_watch_cleanly_after_its_timeout()
    {
        await using var watch = new PodWatch(_client, _server.ResourceVersion.ToString(), Token, timeoutSeconds: 60);
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);

        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.All(await watch.RestUntilEndAsync(), e => Assert.Equal(WatchEventType.Bookmark, e.Type));
        await _server.Stats.WaitForAsync(() => _server.Stats.OpenWatches == 0, Token);
    }

    [Fact]
    public async Task Lists_fail_with_the_injected_status_until_told_to_stop()
    {
        _server.Faults.FailListsWith(503);

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNodeAsync(cancellationToken: Token));
        var status = KubernetesJson.Deserialize<V1Status>(failure.Response.Content);
        _server.Faults.StopFailingLists();

        Assert.Equal((503, "ServiceUnavailable", "Failure"), (status.Code, status.Reason, status.Status));
        Assert.Empty((await _client.CoreV1.ListNodeAsync(cancellationToken: Token)).Items);
    }

    [Fact]
    public async Task A_list_delay_holds_the_answer_until_the_clock_passes_it()
    {
        _server.Faults.ListDelay = TimeSpan.FromSeconds(10);
        var list = _client.CoreV1.ListNamespacedPodAsync("blog", cancellationToken: Token);
        await _server.Stats.WaitForAsync(() => _server.Stats.HeldLists == 1, Token);
        Assert.False(list.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(12, (await list).Items.Count);
    }

    [Fact]
    public async Task A_stop_resets_open_watches_and_refuses_connections_and_a_restart_serves_the_same_objects_on_the_same_port()
    {
        var (port, resourceVersion) = (_server.Port, _server.ResourceVersion);
        await using var watch = new PodWatch(_client, resourceVersion.ToString(), Token);
        _server.Upsert(new V1PodBuilder("new-1", "shop").Build());
        await watch.NextAsync();

        await _server.StopAsync();
        await Assert.ThrowsAnyAsync<IOException>(watch.NextAsync);
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.CoreV1.ListNodeAsync(cancellationToken: Token));
        await _server.RestartAsync();

        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: Token);
        Assert.Equal((port, 26, (resourceVersion + 1).ToString()), (_server.Port, pods.Items.Count, pods.Metadata.ResourceVersion));
    }
}
