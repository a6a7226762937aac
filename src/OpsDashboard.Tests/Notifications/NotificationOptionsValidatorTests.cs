using OpsDashboard.Notifications;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.Notifications;

public sealed class NotificationOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_and_notify_on_critical_error_and_stale()
    {
        var options = new NotificationOptions();
        Assert.True(new NotificationOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([TileStatus.Critical, TileStatus.Error, TileStatus.Stale], options.EffectiveStates);
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromHours(4)), (options.For, options.RepeatInterval));
    }

    [Fact]
    public void Every_bad_duration_and_url_is_named_by_its_key_and_a_slack_secret_is_not_repeated()
    {
        var options = new NotificationOptions
        {
            For = TimeSpan.FromSeconds(-1),
            RepeatInterval = TimeSpan.FromSeconds(5),
            States = [TileStatus.Ok],
            Alertmanager = new AlertmanagerChannelOptions { Url = "alertmanager:9093" },
            Heartbeat = new HeartbeatOptions { Url = "ftp://hc-ping.com/abc" },
            Webhooks = [new WebhookChannelOptions { Url = "" }],
            Slack = [new SlackChannelOptions { WebhookUrl = "hooks.slack.com/services/T0/B0/s3cr3t" }],
        };
        var failures = new NotificationOptionsValidator().Validate(null, options).Failures!.ToList();
        Assert.Collection(failures,
            f => Assert.StartsWith("Dashboard:Notifications:For must be a duration", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Notifications:RepeatInterval must be a duration", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Notifications:States lists Ok", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Notifications:Alertmanager:Url must be an absolute http:// or https:// address; got 'alertmanager:9093'", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Notifications:Heartbeat:Url must be", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Notifications:Webhooks:0:Url is empty", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Notifications:Slack:0:WebhookUrl must be", f, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("s3cr3t", StringComparison.Ordinal));
    }
}
