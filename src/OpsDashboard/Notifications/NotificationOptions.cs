using OpsDashboard.Pipeline;

namespace OpsDashboard.Notifications;

/// <summary>Dashboard:Notifications: when a tile's state is worth telling the team, and the channels that tell it.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Dashboard:Notifications";

    /// <summary>How long a state must hold before it is sent: a blip shorter than this sends nothing.</summary>
    public TimeSpan For { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a tile still not OK is sent again.</summary>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The states that notify; STALE only once the data is this much past its limit (<see cref="StaleFor"/>).</summary>
    public List<TileStatus> States { get; set; } = [];

    /// <summary>How far past its limit a stale tile must be before STALE notifies.</summary>
    public TimeSpan StaleFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Per panel, cluster or target: the first rule that matches a tile decides its states and its For.</summary>
    public List<NotificationRuleOptions> Rules { get; set; } = [];

    /// <summary>The dashboard's address as people open it (https://ops.example.com/), for the links in messages; relative links without it.</summary>
    public string? PublicUrl { get; set; }

    public AlertmanagerChannelOptions Alertmanager { get; set; } = new();

    public List<WebhookChannelOptions> Webhooks { get; set; } = [];

    public List<SlackChannelOptions> Slack { get; set; } = [];

    public HeartbeatOptions Heartbeat { get; set; } = new();

    /// <summary>CRITICAL and ERROR, and STALE past <see cref="StaleFor"/>, unless configured.</summary>
    public static readonly IReadOnlyList<TileStatus> DefaultStates = [TileStatus.Critical, TileStatus.Error, TileStatus.Stale];

    public IReadOnlyList<TileStatus> EffectiveStates => States.Count > 0 ? States : DefaultStates;
}

/// <summary>Dashboard:Notifications:Rules:N: which tiles it is for (empty matches all) and what notifies for them.</summary>
public sealed class NotificationRuleOptions
{
    public string? Cluster { get; set; }

    /// <summary>The panel's slug: nodes, pods, freshness, rds-import, cdn.</summary>
    public string? Panel { get; set; }

    public string? Target { get; set; }

    /// <summary>The states that notify for these tiles; empty: none does (the tiles are left out).</summary>
    public List<TileStatus> States { get; set; } = [];

    public TimeSpan? For { get; set; }

    public bool Matches(PanelKey key) =>
        (string.IsNullOrEmpty(Cluster) || string.Equals(Cluster, key.Group, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Panel) || string.Equals(Panel, key.Panel.Slug, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Target) || string.Equals(Target, key.Target, StringComparison.OrdinalIgnoreCase));
}

public sealed class AlertmanagerChannelOptions
{
    public string? Url { get; set; }

    /// <summary>How often open alerts are pushed again, as Prometheus does, so Alertmanager never resolves them by timeout.</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class WebhookChannelOptions
{
    public string? Url { get; set; }
}

public sealed class SlackChannelOptions
{
    /// <summary>A secret (the URL is the credential): from the environment or a Secret, never shown in a page.</summary>
    public string? WebhookUrl { get; set; }
}

public sealed class HeartbeatOptions
{
    public string? Url { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
