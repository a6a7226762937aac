using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.History;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>The bUnit context plus a real history file in a folder of its own, for the timeline and graph views.</summary>
public class TriageTestContext : DashboardTestContext
{
    private readonly TempDirectory _dir;

    public TriageTestContext(params SourceInfo[] sources)
        : this(new TempDirectory(), new TimelineFeed(), sources)
    {
    }

    private TriageTestContext(TempDirectory dir, TimelineFeed feed, SourceInfo[] sources)
        : base((services, clock) =>
        {
            services.AddSingleton(TestHistory.Database(dir.Path, new HistoryHealth(), clock));
            services.AddSingleton(feed);
            services.AddSingleton<SampleFeed>();
            services.AddSingleton<TriageReads>();
        }, sources)
    {
        _dir = dir;
        Feed = feed;
    }

    public HistoryDatabase Database => Services.GetRequiredService<HistoryDatabase>();

    public TimelineFeed Feed { get; }

    /// <summary>Told by the figure sampler that samples were written (here, by the test).</summary>
    public SampleFeed Samples => Services.GetRequiredService<SampleFeed>();

    public Task WriteAsync(params TimelineEvent[] rows) =>
        Database.TryWriteAsync(async (db, ct) => { await db.UpsertEventsAsync(rows, ct); return 0; }, CancellationToken.None);

    public Task WriteAsync(params HistorySample[] samples) =>
        Database.TryWriteAsync(async (db, ct) => { await db.AppendAsync(samples, ct); return samples.Length; }, CancellationToken.None);

    /// <summary>Where the page under test is, as a browser would have it: the triage pages read their view from the address.</summary>
    public void GoTo(string relative) => Services.GetRequiredService<NavigationManager>().NavigateTo(relative);

    public string Address => Services.GetRequiredService<NavigationManager>().Uri;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _dir.Dispose();
        }

        base.Dispose(disposing);
    }
}
