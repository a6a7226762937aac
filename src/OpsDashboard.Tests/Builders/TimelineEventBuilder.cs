using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Builders;

/// <summary>Timeline rows for store and view tests: <c>new TimelineEventBuilder("a").At(t).Critical().In("tokyo").Build()</c>.</summary>
public sealed class TimelineEventBuilder(string key)
{
    private DateTimeOffset _at = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private DateTimeOffset? _until;
    private TimelineKind _kind = PodsPanel.WarningEvent;
    private TimelineSeverity _severity = TimelineSeverity.Warning;
    private PanelKey _tile = new(PodsPanel.Kind, "oregon-a", "oregon-a");
    private string? _namespace = "mdn-prod";
    private string? _object = "Pod/web-7d9f8c6b5-x2k4q";
    private string? _owner = "Deployment/web";
    private string _reason = "Unhealthy";
    private string _message = "Liveness probe failed: HTTP probe failed with statuscode: 503";
    private int _count = 1;
    private TileStatus? _state;

    public TimelineEventBuilder At(DateTimeOffset at, DateTimeOffset? until = null)
    {
        (_at, _until) = (at, until);
        return this;
    }

    public TimelineEventBuilder Severity(TimelineSeverity severity)
    {
        _severity = severity;
        return this;
    }

    public TimelineEventBuilder Critical() => Severity(TimelineSeverity.Critical);

    public TimelineEventBuilder Info() => Severity(TimelineSeverity.Info);

    public TimelineEventBuilder In(string cluster, PanelKind? panel = null, string? target = null)
    {
        _tile = new PanelKey(panel ?? PodsPanel.Kind, cluster, target ?? cluster);
        return this;
    }

    public TimelineEventBuilder About(string? ns, string? obj, string? owner = null)
    {
        (_namespace, _object, _owner) = (ns, obj, owner);
        return this;
    }

    public TimelineEventBuilder Says(string reason, string message, int count = 1)
    {
        (_reason, _message, _count) = (reason, message, count);
        return this;
    }

    /// <summary>A row of a panel's own kind (a rollout, a scaling step).</summary>
    public TimelineEventBuilder Of(TimelineKind kind)
    {
        _kind = kind;
        return this;
    }

    /// <summary>A rollout row of <paramref name="cluster"/>'s rollouts tile: <c>Deployment/<paramref name="name"/></c> in bedrock-prod.</summary>
    public TimelineEventBuilder Rollout(string cluster, string name, string reason, string message) =>
        Of(RolloutsPanel.Rollout).In(cluster, RolloutsPanel.Kind).About("bedrock-prod", $"Deployment/{name}", $"Deployment/{name}").Says(reason, message).Info();

    /// <summary>A tile state row that opened <paramref name="state"/>, with <paramref name="reason"/> as its words.</summary>
    public TimelineEventBuilder TileState(string reason, TileStatus? state = null)
    {
        _kind = TimelineKind.TileState;
        (_namespace, _object, _owner, _reason, _state) = (null, null, null, reason, state);
        return this;
    }

    public TimelineEvent Build() => new(TimelineEvent.IdOf(key), _at, _kind, _severity, _tile, _namespace, _object, _reason, _message)
    {
        Until = _until,
        Count = _count,
        Owner = _owner,
        State = _state,
    };
}
