using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Kubernetes;

/// <summary>
/// The reflector's retry rules against a scripted API on a fake clock, as client-go's reflector has them: a watch that
/// ends after a working stream is reopened at once from its last version; failures, 410s and silent watches wait out
/// a backoff of 800 ms doubling to 30 s, which starts over once a watch streams again or the API server answers again.
/// The clock moves only once the reflector is waiting on its backoff timer, so every figure is exact.
/// </summary>
public sealed class ReflectorTests : IAsyncDisposable
{
    private static readonly ReflectorOptions Options = new() { IdleTimeout = TimeSpan.FromHours(1), ListTimeout = TimeSpan.FromHours(1) };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly ClusterState _state;
    private readonly ApiServerContact _contact;
    private readonly List<string> _watchedFrom = [];
    private Task _run = Task.CompletedTask;
    private int _lists;

    public ReflectorTests()
    {
        _state = new ClusterState("oregon-a", _clock);
        _contact = new ApiServerContact(_state, Options, _clock, NullLogger.Instance);
    }

    /// <summary>What the nth list (from 1) does: answer with this resourceVersion, or throw.</summary>
    private Func<int, string> ListAnswer { get; set; } = n => $"{n * 100}";

    /// <summary>What the nth watch (from 1) sends.</summary>
    private Func<int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, V1Node)>> Watch { get; set; } = (_, _, ct) => Hang(ct);

    private Reflector<V1Node> Reflector { get; set; } = null!;

    private ReflectorStats Stats => Reflector.Stats;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _contact.Dispose();
        _stop.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_watch_that_ends_cleanly_after_a_bookmark_is_reopened_at_once_from_the_bookmarks_version()
    {
        Watch = (n, _, ct) => n == 1 ? Events(ct, Bookmark("101")) : Hang(ct);
        Start();

        await WaitForAsync(() => Stats.WatchesOpened == 2);

        Assert.Equal(["100", "101"], _watchedFrom);
        Assert.Equal(0, Stats.Retries);
        Assert.Equal(1, _lists);
    }

    [Fact]
    public async Task A_watch_cut_after_events_is_reopened_at_once_and_its_failure_then_backs_off_from_800_ms_again()
    {
        ListAnswer = n => n <= 3 ? throw new HttpRequestException("Connection refused (127.0.0.1:6443)") : "400";
        Watch = (n, _, ct) => n switch
        {
            1 => Events(ct, Bookmark("401")).Then(new IOException("The response ended prematurely.")),
            2 => Fails(new HttpRequestException("Connection refused (127.0.0.1:6443)")),
            _ => Hang(ct),
        };
        Start();

        var delays = await StepThroughRetriesAsync(3);
        Assert.Equal([0.8, 1.6, 3.2], delays);

        // The cut watch had streamed: reopened at once; its refusal waits the first step again, not 6.4 s.
        await WaitForAsync(() => Stats.Retries == 4);
        Assert.Equal(["400", "401"], _watchedFrom);
        Assert.Equal(TimeSpan.FromMilliseconds(800), Stats.LastDelay);
        Assert.Equal("unreachable: Connection refused (127.0.0.1:6443)", _state.Fault?.Message);
    }

    [Fact]
    public async Task An_api_server_answering_410_after_every_relist_is_relisted_after_a_backoff_doubling_to_30_s()
    {
        Watch = (_, onError, ct) => Events(ct).Then(() => onError(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" })));
        Start();

        var delays = await StepThroughRetriesAsync(9);
        await WaitForAsync(() => Stats.Retries == 10);

        // One list a pause, however fast the server answers: ten lists, not a storm.
        Assert.Equal([0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30], delays);
        Assert.Equal(10, _lists);
        Assert.Equal(10, Stats.Gone);
        Assert.Null(_state.Fault);
    }

    [Fact]
    public async Task A_reflector_waiting_out_its_backoff_retries_at_once_when_the_api_server_answers_again_and_starts_the_backoff_over()
    {
        var refused = true;
        ListAnswer = n => refused ? throw new HttpRequestException("Connection refused (127.0.0.1:6443)") : $"{n}";
        Watch = (n, _, ct) => n == 1 ? Fails(new HttpRequestException("Connection refused (127.0.0.1:6443)")) : Hang(ct);
        Start();
        var delays = await StepThroughRetriesAsync(4);
        Assert.Equal([0.8, 1.6, 3.2, 6.4], delays);
        await WaitForAsync(() => Stats.Retries == 5);

        // Its probe finds the API server silent; then something at last comes from it.
        using var probe = new CancellationTokenSource();
        var probing = _contact.RunAsync(_ => throw new NoResponseException(Options.ProbeTimeout), probe.Token);
        _clock.Advance(Options.ProbeInterval);
        await WaitForStateAsync(s => s.Fault?.Message.StartsWith("unreachable: no answer for ", StringComparison.Ordinal) == true);
        await probe.CancelAsync();
        await probing;
        refused = false;
        var lists = _lists;
        _contact.Answered();

        // Without the clock moving: listed at once, and the next failure waits the first step again.
        await WaitForAsync(() => _lists == lists + 1 && Stats.Retries == 6);
        Assert.Equal(TimeSpan.FromMilliseconds(800), Stats.LastDelay);
        Assert.Equal(1, _contact.Recoveries);
    }

    [Fact]
    public void Two_minutes_without_a_pause_start_the_backoff_over_as_client_go_does()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), new FixedRandom(0), _clock, TimeSpan.FromMinutes(2));

        Assert.Equal([800, 1600, 3200], [backoff.Next().TotalMilliseconds, backoff.Next().TotalMilliseconds, backoff.Next().TotalMilliseconds]);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(6400, backoff.Next().TotalMilliseconds);
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(800, backoff.Next().TotalMilliseconds);
    }

    private void Start()
    {
        var api = new ResourceApi<V1Node>(
            "nodes",
            (_, _, _) =>
            {
                var rv = ListAnswer(Interlocked.Increment(ref _lists));
                return Task.FromResult(new ResourcePage<V1Node>([new V1NodeBuilder("node-0").Build()], rv, null));
            },
            (rv, _, onError, ct) =>
            {
                lock (_watchedFrom)
                {
                    _watchedFrom.Add(rv);
                    return Watch(_watchedFrom.Count, onError, ct);
                }
            });
        Reflector = new Reflector<V1Node>("oregon-a", api, _state.Sink(NodesOnClusters.Nodes), _contact, Options, _clock, new FixedRandom(0), NullLogger.Instance);
        _run = Task.Run(() => Reflector.RunAsync(_stop.Token));
    }

    /// <summary>Lets <paramref name="count"/> pauses pass: each time the reflector waits on its timer, moves the clock by its delay.</summary>
    private async Task<List<double>> StepThroughRetriesAsync(int count)
    {
        var delays = new List<double>();
        for (var i = 0; i < count; i++)
        {
            await WaitForAsync(() => Stats.Retries == i + 1);
            delays.Add(Stats.LastDelay.TotalSeconds);
            _clock.Advance(Stats.LastDelay);
        }

        return delays;
    }

    private async Task WaitForAsync(Func<bool> condition)
    {
        await Stats.WaitForAsync(condition, _timeout.Token);
    }

    private async Task WaitForStateAsync(Func<ClusterState, bool> condition)
    {
        while (true)
        {
            var version = _state.Version;
            if (condition(_state))
            {
                return;
            }

            await _state.WaitForChangeAsync(version, _timeout.Token);
        }
    }

    private static (WatchEventType, V1Node) Bookmark(string resourceVersion) =>
        (WatchEventType.Bookmark, new V1Node { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } });

    private static async IAsyncEnumerable<(WatchEventType, V1Node)> Events([EnumeratorCancellation] CancellationToken cancellationToken, params (WatchEventType, V1Node)[] events)
    {
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return e;
        }
    }

    private static async IAsyncEnumerable<(WatchEventType, V1Node)> Hang([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    private static async IAsyncEnumerable<(WatchEventType, V1Node)> Fails(Exception exception)
    {
        await Task.Yield();
        if (exception is not null)
        {
            throw exception;
        }

        yield break;
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}

/// <summary>Scripted watch streams: events, then an ending.</summary>
internal static class ScriptedWatch
{
    public static async IAsyncEnumerable<T> Then<T>(this IAsyncEnumerable<T> events, Exception ending)
    {
        await foreach (var e in events)
        {
            yield return e;
        }

        throw ending;
    }

    public static async IAsyncEnumerable<T> Then<T>(this IAsyncEnumerable<T> events, Action ending)
    {
        await foreach (var e in events)
        {
            yield return e;
        }

        ending();
    }
}
