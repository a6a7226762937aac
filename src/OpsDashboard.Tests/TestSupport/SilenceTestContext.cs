using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.History;
using OpsDashboard.Notifications;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A bUnit context whose <see cref="SilenceBook"/> writes a real SQLite history database in a folder of its own.</summary>
public sealed class SilenceTestContext : DashboardTestContext
{
    private readonly TempDirectory _dir;
    private readonly HistoryDatabase _database;

    private SilenceTestContext(TempDirectory dir, HistoryDatabase[] database)
        : base((services, clock) => services.AddSingleton(new SilenceBook(database[0] = TestHistory.Database(dir.Path, new HistoryHealth(), clock))), [])
    {
        _dir = dir;
        _database = database[0];
    }

    public static SilenceTestContext Create() => new(new TempDirectory(), new HistoryDatabase[1]);

    public SilenceBook Silences => Services.GetRequiredService<SilenceBook>();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _database.DisposeAsync();
        _dir.Dispose();
    }
}
