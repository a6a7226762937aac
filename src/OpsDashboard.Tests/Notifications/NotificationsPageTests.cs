using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

public sealed class NotificationsPageTests
{
    private static readonly SourceInfo Demo = new(CdnPanel.Kind, "demo fleet", IsDemo: true, TimeSpan.FromMinutes(5));

    [Fact]
    public void A_configured_channel_shows_what_was_sent_and_what_failed_with_the_upstream_error_never_the_secret_url()
    {
        var options = new NotificationOptions { Webhooks = [new WebhookChannelOptions { Url = "https://hooks.example.com/T000/secret-token" }] };
        using var ctx = new NotificationsContext(options);
        var log = ctx.Log;
        var channel = ctx.Services.GetRequiredService<NotificationDispatcher>().Outboxes.Single().Target.Name;
        var page = ctx.Render<NotificationsPage>();

        log.Add(new DeliveryRecord(DashboardTestContext.Start, channel, DeliveryOutcome.Sent, "tokyo Nodes node-3 is CRITICAL", null, IsDemo: false, AlertPhase.Firing));
        log.Add(new DeliveryRecord(DashboardTestContext.Start.AddMinutes(1), channel, DeliveryOutcome.Failed, "tokyo Nodes node-3 is OK again after 1 min (CRITICAL)",
            $"{channel}: 403 Forbidden invalid_token", IsDemo: false, AlertPhase.Resolved));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-delivery]").Count));
        var sent = page.Find("[data-delivery='sent']");
        Assert.Contains("hooks.example.com", sent.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-22 12:00:00 UTC", sent.TextContent, StringComparison.Ordinal);
        Assert.Equal("firing", sent.QuerySelector("[data-phase]")!.TextContent);
        var failed = page.Find("[data-delivery='failed, not retried']");
        Assert.Equal("resolved", failed.QuerySelector("[data-phase]")!.TextContent);
        Assert.Contains("403 Forbidden invalid_token", failed.QuerySelector("[data-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(channel, page.Find("[data-channels]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-notifications-unconfigured]"));
    }

    [Fact]
    public void A_slack_channel_is_listed_by_its_host_with_the_webhook_url_redacted()
    {
        var options = new NotificationOptions { Slack = [new SlackChannelOptions { WebhookUrl = "https://hooks.slack.com/services/T000/B000/xoxSecretPart" }] };
        using var ctx = new NotificationsContext(options);

        var page = ctx.Render<NotificationsPage>();

        Assert.Contains("Slack 0 hooks.slack.com (https://hooks.slack.com/… (redacted))", page.Find("[data-channels]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxSecretPart", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("T000", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_user_sends_a_test_to_a_channel_and_sees_it_sent_under_their_name()
    {
        await using var receiver = new Fakes.Notifications.FakeWebhookReceiver();
        await using var ctx = new NotificationsContext(new NotificationOptions { Webhooks = [new WebhookChannelOptions { Url = receiver.Url.ToString() }] });
        var alice = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "alice")], "Test"));
        var page = ctx.Render<NotificationsPage>(p => p.AddCascadingValue(Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(alice))));

        page.Find("[data-send-test]").Click();

        var body = await receiver.NextAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("OpsDashboardTest", (string?)body["alerts"]![0]!["labels"]!["alertname"]);
        page.WaitForAssertion(() => Assert.Contains("test message (sent by alice)", page.Find("[data-delivery='sent']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_no_channel_the_demo_incidents_are_labelled_demo_would_have_been_sent_and_the_keys_to_set_are_named()
    {
        await using var ctx = new NotificationsContext(new NotificationOptions());
        var log = ctx.Log;
        log.Add(new DeliveryRecord(DashboardTestContext.Start, "none configured", DeliveryOutcome.NotSent, "[DEMO] tokyo CDN hit ratio edge-1 is CRITICAL", "would have been sent", IsDemo: true, AlertPhase.Firing));

        var page = ctx.Render<NotificationsPage>();

        var row = page.Find("[data-delivery]");
        Assert.Equal("would have been sent", row.QuerySelector("[data-outcome]")!.TextContent);
        Assert.Equal("DEMO DATA", row.QuerySelector("[data-demo]")!.TextContent.Trim());
        var unconfigured = page.Find("[data-notifications-unconfigured]").TextContent;
        Assert.Contains("No notification channel is configured", unconfigured, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Notifications:Alertmanager:Url", unconfigured, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Notifications:Webhooks:N:Url", unconfigured, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Notifications:Slack:N:WebhookUrl", unconfigured, StringComparison.Ordinal);
    }

    private sealed class NotificationsContext(NotificationOptions options) : DashboardTestContext(
        (services, clock) => services.AddSingleton(Options.Create(options)).AddSingleton(new NotificationLog()).AddSingleton(sp => new NotificationDispatcher(
            sp.GetRequiredService<PanelStore>(), clock, Options.Create(options), sp.GetRequiredService<NotificationLog>(), new HttpClient(), new SingleReplica())),
        [Demo])
    {
        public NotificationLog Log => Services.GetRequiredService<NotificationLog>();
    }
}
