using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>The whole app (its own services, the demo fleet, nothing configured) on a fake clock: what the Notifications page lists.</summary>
public sealed class DemoNotificationsTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly TempDirectory _dir = new();

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task On_a_fresh_demo_with_nothing_configured_a_tile_critical_for_the_default_For_is_listed_as_would_have_been_sent_labelled_demo()
    {
        var clock = new FakeTimeProvider(DashboardTestContext.Start);
        // 00:12:30 opens on oregon-b's kumascript crash loop: its pods tile is CRITICAL from the first reading for 3.5 min.
        using var host = await StartAsync(clock, new() { ["Dashboard:Demo:StartAt"] = "00:12:30" });
        try
        {
            var log = host.Services.GetRequiredService<NotificationLog>();
            var store = host.Services.GetRequiredService<PanelStore>();
            var tile = PodsPanel.Tile("oregon-b");
            await store.WaitForAsync(v => v.Tiles.TryGetValue(tile, out var e) && e.StatusAt(clock.GetUtcNow()) == TileStatus.Critical, Token);
            var criticalAt = clock.GetUtcNow();

            var record = await AdvanceUntilAsync(clock, log, r => r.Headline.Contains("oregon-b", StringComparison.Ordinal), TimeSpan.FromMinutes(3));

            Assert.Equal((DeliveryOutcome.NotSent, true, AlertPhase.Firing), (record.Outcome, record.IsDemo, record.Phase));
            Assert.StartsWith("[DEMO] ", record.Headline, StringComparison.Ordinal);
            var held = record.At - criticalAt;
            Assert.True(held >= new NotificationOptions().For && held <= new NotificationOptions().For + TimeSpan.FromSeconds(10), $"listed {held.TotalSeconds:0} s after the tile turned CRITICAL");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task On_a_fresh_demo_every_incident_that_holds_for_the_default_For_is_listed_once_as_would_have_been_sent()
    {
        var clock = new FakeTimeProvider(DashboardTestContext.Start);
        // 00:10:00: two minutes before oregon-b's kumascript crash loop (CRITICAL for 4 min), quiet before it.
        using var host = await StartAsync(clock, new() { ["Dashboard:Demo:StartAt"] = "00:10:00" });
        try
        {
            var log = host.Services.GetRequiredService<NotificationLog>();
            var store = host.Services.GetRequiredService<PanelStore>();
            var rules = new AlertRules(new NotificationOptions());
            var since = new Dictionary<PanelKey, DateTimeOffset>();
            var held = new HashSet<PanelKey>();
            var added = new SemaphoreSlim(0);
            log.Added += () => added.Release();
            for (var end = clock.GetUtcNow() + TimeSpan.FromMinutes(7); clock.GetUtcNow() < end;)
            {
                var now = clock.GetUtcNow();
                foreach (var (key, entry) in store.Current.Tiles)
                {
                    if (rules.NotifyingStatus(entry, now) is null)
                    {
                        since.Remove(key);
                    }
                    else if (now - since.GetValueOrDefault(key, now) >= rules.Options.For + NotificationDispatcher.Tick && since.TryAdd(key, now) is false)
                    {
                        held.Add(key);
                    }
                    else
                    {
                        since.TryAdd(key, now);
                    }
                }

                clock.Advance(NotificationDispatcher.Tick);
                await added.WaitAsync(TimeSpan.FromMilliseconds(50), Token);
            }

            var listed = log.Recent.Where(r => r.Phase == AlertPhase.Firing).ToList();
            Assert.All(listed, r => Assert.Equal((DeliveryOutcome.NotSent, true), (r.Outcome, r.IsDemo)));
            Assert.Contains(PodsPanel.Tile("oregon-b"), held);
            Assert.All(held, key => Assert.Single(listed, r => r.Headline.Contains($"{key.Group} {key.Panel.Title} {key.Target}", StringComparison.Ordinal)));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Moves fake time a dispatcher tick at a time until the log has a matching record (its Added event is the signal).</summary>
    private async Task<DeliveryRecord> AdvanceUntilAsync(FakeTimeProvider clock, NotificationLog log, Func<DeliveryRecord, bool> match, TimeSpan atMost)
    {
        var added = new SemaphoreSlim(0);
        log.Added += () => added.Release();
        var until = clock.GetUtcNow() + atMost;
        while (true)
        {
            if (log.Recent.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(clock.GetUtcNow() < until, $"nothing listed within {atMost.TotalMinutes:0} min of fake time: {string.Join("; ", log.Recent.Select(r => r.Headline))}");
            clock.Advance(NotificationDispatcher.Tick);
            await added.WaitAsync(TimeSpan.FromMilliseconds(100), Token);
        }
    }

    private async Task<IHost> StartAsync(FakeTimeProvider clock, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _dir.Path, EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddOpsDashboard(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(Token);
        return host;
    }
}
