using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>The bytes on the wire, checked against what a real API server sends.</summary>
public sealed class FakeApiWireFormatTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private FakeKubernetesApiServer _server = null!;
    private HttpClient _http = null!;

    private CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { TimeProvider = _clock, BookmarkInterval = TimeSpan.Zero });
        _server.Upsert(new V1NodeBuilder("node-1").ControlPlane().Build());
        _server.Upsert(new V1NodeBuilder("node-2").Build());
        _server.Upsert(new V1PodBuilder("web-1", "shop").OnNode("node-1").Labelled("tier", "front").Build());
        _server.Upsert(new V1PodBuilder("web-2", "shop").OnNode("node-2").Labelled("tier", "front").Build());
        _server.Upsert(new V1PodBuilder("db-1", "shop").OnNode("node-2").Labelled("tier", "back").Build());
        _server.Upsert(new V1PodBuilder("dns-1", "kube-system").OnNode("node-1").Build());
        _server.Upsert(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web-1.17f", NamespaceProperty = "shop" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web-1", NamespaceProperty = "shop" },
            Reason = "BackOff",
            Type = "Warning",
        });
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_list_has_kind_api_version_and_resource_version_and_its_items_have_neither_kind_nor_api_version()
    {
        var list = await GetJsonAsync("api/v1/namespaces/shop/pods");

        Assert.Equal(("PodList", "v1"), (list.GetProperty("kind").GetString(), list.GetProperty("apiVersion").GetString()));
        Assert.Equal(_server.ResourceVersion.ToString(), list.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal(["db-1", "web-1", "web-2"], Names(list));
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.False(i.TryGetProperty("kind", out _) || i.TryGetProperty("apiVersion", out _)));
    }

    [Fact]
    public async Task A_single_get_carries_kind_and_api_version_and_a_missing_object_is_a_not_found_status()
    {
        var node = await GetJsonAsync("api/v1/nodes/node-1");
        using var missing = await _http.GetAsync(new Uri("api/v1/namespaces/shop/pods/nope", UriKind.Relative), Token);
        var status = JsonDocument.Parse(await missing.Content.ReadAsStringAsync(Token)).RootElement;

        Assert.Equal(("Node", "v1", "node-1"), (node.GetProperty("kind").GetString(), node.GetProperty("apiVersion").GetString(), node.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(("Status", "Failure", "NotFound", 404), (status.GetProperty("kind").GetString(), status.GetProperty("status").GetString(), status.GetProperty("reason").GetString(), status.GetProperty("code").GetInt32()));
        Assert.Equal("pods \"nope\" not found", status.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("api/v1/pods?labelSelector=tier%3Dfront", "web-1,web-2")]
    [InlineData("api/v1/pods?labelSelector=tier!%3Dfront", "dns-1,db-1")]
    [InlineData("api/v1/pods?labelSelector=tier%20in%20(front,back),app.kubernetes.io/name%3Dweb", "web-1,web-2")]
    [InlineData("api/v1/pods?labelSelector=tier%20notin%20(front)", "dns-1,db-1")]
    [InlineData("api/v1/pods?labelSelector=!tier", "dns-1")]
    [InlineData("api/v1/pods?labelSelector=tier", "db-1,web-1,web-2")]
    [InlineData("api/v1/pods?fieldSelector=spec.nodeName%3Dnode-2", "db-1,web-2")]
    [InlineData("api/v1/pods?fieldSelector=spec.nodeName%3Dnode-2,metadata.name!%3Ddb-1", "web-2")]
    [InlineData("api/v1/pods?fieldSelector=metadata.namespace%3D%3Dkube-system", "dns-1")]
    [InlineData("api/v1/events?fieldSelector=involvedObject.kind%3DPod,involvedObject.name%3Dweb-1,type%3DWarning", "web-1.17f")]
    [InlineData("api/v1/namespaces/shop/events?fieldSelector=reason%3DBackOff,involvedObject.namespace%3Dshop", "web-1.17f")]
    [InlineData("api/v1/events?fieldSelector=reason%3DPulled", "")]
    public async Task Label_and_field_selectors_narrow_a_list_as_the_real_server_does(string path, string expected)
    {
        var list = await GetJsonAsync(path);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Names(list));
    }

    [Theory]
    [InlineData("api/v1/pods?fieldSelector=spec.colour%3Dred", "field label not supported: spec.colour")]
    [InlineData("api/v1/pods?labelSelector=%3Dx", "unable to parse requirement")]
    [InlineData("api/v1/pods?limit=1&continue=bm9wZQ", "continue key is not valid")]
    public async Task A_selector_or_continue_token_it_cannot_read_is_a_bad_request_status(string path, string message)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_say_how_many_items_remain_and_their_continue_token_expires_with_the_history()
    {
        var first = await GetJsonAsync("api/v1/pods?limit=3");
        var token = first.GetProperty("metadata").GetProperty("continue").GetString();
        var second = await GetJsonAsync($"api/v1/pods?limit=3&continue={token}");
        _server.Faults.ExpireHistory();
        using var expired = await _http.GetAsync(new Uri($"api/v1/pods?limit=3&continue={token}", UriKind.Relative), Token);

        Assert.Equal(1, first.GetProperty("metadata").GetProperty("remainingItemCount").GetInt32());
        Assert.Equal(["dns-1", "db-1", "web-1"], Names(first));
        Assert.Equal(["web-2"], Names(second));
        Assert.False(second.GetProperty("metadata").TryGetProperty("continue", out _));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("\"reason\":\"Expired\",\"code\":410", await expired.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_is_a_chunked_json_stream_of_one_event_per_line_that_ends_after_its_timeout()
    {
        var from = _server.ResourceVersion;
        using var response = await _http.GetAsync(new Uri($"api/v1/namespaces/shop/pods?watch=true&resourceVersion={from}&timeoutSeconds=30", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        await _server.Stats.WaitForOpenWatchesAsync(1, Token);

        _server.Upsert(new V1PodBuilder("web-3", "shop").Build());
        _server.Upsert(new V1PodBuilder("other-1", "blog").Build());
        _server.Upsert(new V1PodBuilder("web-1", "shop").Labelled("tier", "back").Build());
        _server.Delete<V1Pod>("shop", "web-3");
        var lines = new[] { await reader.ReadLineAsync(Token), await reader.ReadLineAsync(Token), await reader.ReadLineAsync(Token) };
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(("application/json", true), (response.Content.Headers.ContentType?.MediaType, response.Headers.TransferEncodingChunked));
        Assert.Equal(
            [("ADDED", "Pod", "web-3", from + 1), ("MODIFIED", "Pod", "web-1", from + 3), ("DELETED", "Pod", "web-3", from + 4)],
            lines.Select(l => JsonDocument.Parse(l!).RootElement).Select(e => (
                e.GetProperty("type").GetString(), e.GetProperty("object").GetProperty("kind").GetString(),
                e.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString(),
                long.Parse(e.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString()!))));
        Assert.StartsWith("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",", lines[0], StringComparison.Ordinal);
        Assert.Null(await reader.ReadLineAsync(Token));
    }

    [Fact]
    public async Task A_watch_from_a_too_old_resource_version_gets_one_error_event_with_a_410_status_then_ends()
    {
        _server.Faults.ExpireHistory();

        var body = await _http.GetStringAsync(new Uri("api/v1/pods?watch=1&resourceVersion=3", UriKind.Relative), Token);

        Assert.Equal(
            $"{{\"type\":\"ERROR\",\"object\":{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"too old resource version: 3 ({_server.ResourceVersion})\",\"reason\":\"Expired\",\"code\":410}}}}\n",
            body);
        Assert.Equal(1, _server.Stats.GoneSent);
    }

    [Fact]
    public async Task A_selector_watch_sees_an_object_that_stops_matching_as_deleted()
    {
        using var response = await _http.GetAsync(new Uri($"api/v1/pods?watch=true&labelSelector=tier%3Dfront&resourceVersion={_server.ResourceVersion}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));

        _server.Upsert(new V1PodBuilder("web-2", "shop").Labelled("tier", "back").Build());

        Assert.StartsWith("{\"type\":\"DELETED\",", await reader.ReadLineAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_side_tables_for_nodes_have_kubectls_columns_and_rows_carry_partial_object_metadata()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/nodes");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await _http.SendAsync(request, Token);
        var table = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;

        Assert.Equal(("Table", "meta.k8s.io/v1"), (table.GetProperty("kind").GetString(), table.GetProperty("apiVersion").GetString()));
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version"],
            table.GetProperty("columnDefinitions").EnumerateArray().Where(c => c.GetProperty("priority").GetInt32() == 0).Select(c => c.GetProperty("name").GetString()));
        var row = table.GetProperty("rows")[0];
        Assert.Equal(["node-1", "Ready", "control-plane", "52d", "v1.32.4"], row.GetProperty("cells").EnumerateArray().Take(5).Select(c => c.GetString()));
        Assert.Equal("PartialObjectMetadata", row.GetProperty("object").GetProperty("kind").GetString());
        Assert.Equal("node-1", row.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_paths_and_a_missing_token_are_statuses()
    {
        await using var secured = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { RequiredToken = "s3cret" });
        using var client = new HttpClient { BaseAddress = secured.BaseUri };
        using var unknown = await _http.GetAsync(new Uri("api/v1/widgets", UriKind.Relative), Token);
        using var anonymous = await client.GetAsync(new Uri("api/v1/nodes", UriKind.Relative), Token);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var authorized = await client.GetAsync(new Uri("api/v1/nodes", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("\"kind\":\"Status\"", await unknown.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("\"reason\":\"Unauthorized\",\"code\":401", await anonymous.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    private async Task<JsonElement> GetJsonAsync(string path) =>
        JsonDocument.Parse(await _http.GetStringAsync(new Uri(path, UriKind.Relative), Token)).RootElement;

    private static IEnumerable<string?> Names(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString());
}
