using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>
/// The data freshness panel for one app: finds its running pods through the Kubernetes source (or takes fixed URLs),
/// asks every pod's health page each round, and compares them with the published DB.
/// </summary>
public sealed class HttpFreshnessSource : PolledSource<AppFreshness>, IFreshnessSource, IDisposable
{
    public const string ExternalGroup = "external";
    private readonly FreshnessAppOptions _app;
    private readonly KubernetesFleet? _fleet;
    private readonly HealthPageProber _prober;
    private readonly HttpClient _metadataHttp = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly PublishedDbTracker _published;
    private readonly LabelSelector _selector;

    public HttpFreshnessSource(FreshnessAppOptions app, KubernetesFleet? fleet, TimeProvider time)
        : base(time, (app ?? throw new ArgumentNullException(nameof(app))).Interval)
    {
        _app = app;
        _fleet = fleet;
        _prober = new HealthPageProber(time);
        _published = new PublishedDbTracker(_metadataHttp, time);
        _selector = LabelSelector.Parse(app.LabelSelector);
        Info = new SourceInfo(FreshnessPanel.Kind, $"health pages of {app.Name}", IsDemo: false, StaleAfter: (app.Interval * 3) + app.Timeout);
    }

    public override SourceInfo Info { get; }

    public void Dispose()
    {
        _prober.Dispose();
        _metadataHttp.Dispose();
    }

    protected override async Task<IReadOnlyList<TargetReading<AppFreshness>>> PollAsync(CancellationToken cancellationToken)
    {
        var (published, publishedError) = await _published.ReadAsync(_app, cancellationToken);
        var rounds = Targets().Select(async group =>
        {
            if (group.Error is { } error)
            {
                return TargetReading<AppFreshness>.Failed(group.Group, _app.Name, error);
            }

            var pods = await _prober.ProbeAllAsync(group.Targets, _app, cancellationToken);
            var snapshot = new AppFreshness(_app.Name, group.Group, [.. pods.OrderBy(p => p.Pod, StringComparer.Ordinal)], _app.MaxAge)
            {
                Published = published,
                PublishedError = publishedError,
                PublishInterval = _app.MetadataUrl is null ? TimeSpan.Zero : _app.PublishInterval,
                ObservedAt = Time.GetUtcNow(),
            };
            return TargetReading<AppFreshness>.Ok(group.Group, _app.Name, snapshot);
        });
        return await Task.WhenAll(rounds);
    }

    /// <summary>
    /// Health pages outside Kubernetes, each named by its host and port, or with its path too where several share one
    /// host and port: every pod needs a name of its own (the timeline tells pods apart by it).
    /// </summary>
    public static IReadOnlyList<ProbeTarget> StaticTargets(IEnumerable<string> urls)
    {
        var uris = urls.Select(u => new Uri(u)).ToList();
        var shared = uris.GroupBy(u => u.Authority, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. uris.Select(u => new ProbeTarget(shared.Contains(u.Authority) ? u.Authority + u.AbsolutePath.TrimEnd('/') : u.Authority, u))];
    }

    private IEnumerable<(string Group, IReadOnlyList<ProbeTarget> Targets, string? Error)> Targets()
    {
        if (_app.Urls.Count > 0)
        {
            yield return (ExternalGroup, StaticTargets(_app.Urls), null);
        }

        if (_fleet is null || (_app.LabelSelector is null && _app.Namespace is null))
        {
            yield break;
        }

        foreach (var cluster in _fleet.Clusters.Where(c => _app.Clusters.Count == 0 || _app.Clusters.Contains(c.Name)))
        {
            if (!cluster.PodsSynced())
            {
                // Before the first pod list the tile simply waits; a failing cluster says why.
                if (cluster.Fault is { } fault)
                {
                    yield return (cluster.Name, [], $"cannot find the pods: {fault.Message}");
                }

                continue;
            }

            var pods = cluster.FindPods(p => p.Phase == "Running" && !p.Terminating && p.PodIp is not null
                && (_app.Namespace is null || p.Namespace == _app.Namespace) && _selector.Matches(p.Labels));
            yield return (cluster.Name, [.. pods.Select(p => new ProbeTarget(p.Name, new Uri($"http://{p.PodIp}:{_app.Port}{_app.Path}")))], null);
        }
    }
}
