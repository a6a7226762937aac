using System.Text.Json.Nodes;
using OpsDashboard.Components;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Notifications;

/// <summary>
/// Our alerts in Alertmanager's formats: API v2's postable alerts (<c>POST /api/v2/alerts</c>) and the webhook
/// receiver's JSON, version 4, so anything that takes Alertmanager's webhooks takes ours. Labels: alertname, cluster,
/// panel, target, severity (and demo="true" for the demo's tiles).
/// </summary>
public static class AlertmanagerWire
{
    public const string AlertName = "OpsDashboardTile";

    public const string WatchdogName = "Watchdog";

    public static JsonObject Labels(TileAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = new JsonObject
        {
            ["alertname"] = AlertName,
            ["cluster"] = alert.Tile.Group,
            ["panel"] = alert.Tile.Panel.Slug,
            ["target"] = alert.Tile.Target,
            ["severity"] = alert.Severity,
        };
        if (alert.IsDemo)
        {
            labels["demo"] = "true";
        }

        return labels;
    }

    public static JsonObject Annotations(TileAlert alert, Uri? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var annotations = new JsonObject
        {
            ["summary"] = Headline(alert),
            ["description"] = alert.Summary,
            ["status"] = alert.Status.Word(),
            ["timeline"] = Link(publicUrl, DashboardUrls.TileTimeline(alert.Tile)),
        };
        if (DashboardUrls.Tile(alert.Tile) is { } page)
        {
            annotations["page"] = Link(publicUrl, page);
        }

        if (alert.Lasted is { } lasted)
        {
            annotations["lasted"] = Durations.Format(lasted);
        }

        return annotations;
    }

    /// <summary>"[DEMO] tokyo nodes tokyo is CRITICAL", or "… is OK again after 11m 29s".</summary>
    public static string Headline(TileAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var what = $"{(alert.IsDemo ? "[DEMO] " : "")}{alert.Tile.Group} {alert.Tile.Panel.Title} {alert.Tile.Target}";
        return alert.Phase == AlertPhase.Resolved
            ? $"{what} is OK again after {Durations.Format(alert.Lasted ?? TimeSpan.Zero)} ({alert.Status.Word()})"
            : $"{what} is {alert.Status.Word()}";
    }

    /// <summary>One postable alert; a firing one ends <paramref name="firingEndsAt"/> unless sent again, as Prometheus does.</summary>
    public static JsonObject Postable(TileAlert alert, DateTimeOffset firingEndsAt, Uri? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var postable = new JsonObject
        {
            ["labels"] = Labels(alert),
            ["annotations"] = Annotations(alert, publicUrl),
            ["startsAt"] = Time(alert.StartsAt),
            ["endsAt"] = Time(alert.EndsAt ?? firingEndsAt),
        };

        // Alertmanager takes only an absolute generatorURL: without the dashboard's public address there is none.
        if (publicUrl is not null)
        {
            postable["generatorURL"] = Link(publicUrl, DashboardUrls.TileTimeline(alert.Tile));
        }

        return postable;
    }

    /// <summary>The always-firing alert: when Alertmanager stops hearing it, the dashboard is down.</summary>
    public static JsonObject Watchdog(DateTimeOffset startsAt, DateTimeOffset endsAt, string replica) => new()
    {
        ["labels"] = new JsonObject { ["alertname"] = WatchdogName, ["severity"] = "none", ["source"] = "opsdashboard" },
        ["annotations"] = new JsonObject { ["summary"] = $"OpsDashboard ({replica}) is running and its pipeline is healthy; this alert always fires." },
        ["startsAt"] = Time(startsAt),
        ["endsAt"] = Time(endsAt),
    };

    public const string TestName = "OpsDashboardTest";

    /// <summary>What a test says: it is one, who sent it, and that nothing is wrong.</summary>
    public static string TestSentence(string sentBy) => $"Test message from OpsDashboard, sent by {sentBy} from the Notifications page: this channel works; nothing is wrong.";

    /// <summary>The "send a test" alert: its own alertname and severity none, so no route pages anyone for it; ends in five minutes.</summary>
    public static JsonObject TestAlert(string sentBy, DateTimeOffset now, bool asWebhookItem)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = TestName, ["severity"] = "none", ["source"] = "opsdashboard" },
            ["annotations"] = new JsonObject { ["summary"] = TestSentence(sentBy) },
            ["startsAt"] = Time(now),
            ["endsAt"] = Time(now.AddMinutes(5)),
        };
        if (asWebhookItem)
        {
            alert["status"] = "firing";
            alert["fingerprint"] = TestName;
        }

        return alert;
    }

    /// <summary>A webhook body, version 4, holding only the test alert.</summary>
    public static JsonObject TestWebhook(string sentBy, DateTimeOffset now, string receiver) => new()
    {
        ["version"] = "4",
        ["groupKey"] = $"{{}}:{{alertname=\"{TestName}\"}}",
        ["truncatedAlerts"] = 0,
        ["status"] = "firing",
        ["receiver"] = receiver,
        ["groupLabels"] = new JsonObject { ["alertname"] = TestName },
        ["commonLabels"] = new JsonObject { ["alertname"] = TestName, ["severity"] = "none", ["source"] = "opsdashboard" },
        ["commonAnnotations"] = new JsonObject { ["summary"] = TestSentence(sentBy) },
        ["externalURL"] = "",
        ["alerts"] = new JsonArray(TestAlert(sentBy, now, asWebhookItem: true)),
    };

    /// <summary>
    /// A webhook body, version 4, for alerts of one phase (firing and resolved are never mixed in one message).
    /// </summary>
    public static JsonObject Webhook(IReadOnlyList<TileAlert> alerts, string receiver, Uri? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var status = alerts.Count > 0 && alerts[0].Phase == AlertPhase.Resolved ? "resolved" : "firing";
        var items = new JsonArray();
        foreach (var alert in alerts)
        {
            items.Add(new JsonObject
            {
                ["status"] = alert.Phase == AlertPhase.Resolved ? "resolved" : "firing",
                ["labels"] = Labels(alert),
                ["annotations"] = Annotations(alert, publicUrl),
                ["startsAt"] = Time(alert.StartsAt),
                ["endsAt"] = alert.EndsAt is { } end ? Time(end) : "0001-01-01T00:00:00Z",
                ["generatorURL"] = Link(publicUrl, DashboardUrls.TileTimeline(alert.Tile)),
                ["fingerprint"] = Fingerprint(alert),
            });
        }

        var common = CommonLabels(alerts);
        return new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = $"{{}}:{{alertname=\"{AlertName}\"}}",
            ["truncatedAlerts"] = 0,
            ["status"] = status,
            ["receiver"] = receiver,
            ["groupLabels"] = new JsonObject { ["alertname"] = AlertName },
            ["commonLabels"] = common,
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = publicUrl?.ToString() ?? "",
            ["alerts"] = items,
        };
    }

    /// <summary>16 hex digits, stable per tile, as Alertmanager's fingerprints look.</summary>
    public static string Fingerprint(TileAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Timeline.TimelineEvent.IdOf(alert.Fingerprint).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JsonObject CommonLabels(IReadOnlyList<TileAlert> alerts)
    {
        var common = new JsonObject();
        if (alerts.Count == 0)
        {
            return common;
        }

        foreach (var (name, value) in Labels(alerts[0]))
        {
            var text = value!.GetValue<string>();
            if (alerts.All(a => Labels(a)[name]?.GetValue<string>() == text))
            {
                common[name] = text;
            }
        }

        return common;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A dashboard path made absolute with the public address when there is one.</summary>
    public static string Link(Uri? publicUrl, string path) => publicUrl is null ? path : new Uri(publicUrl, path.TrimStart('/')).ToString();
}
