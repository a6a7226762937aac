using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.History;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A history database in a test's own folder, as the app would open it.</summary>
public static class TestHistory
{
    public static HistoryDatabase Database(string folder, HistoryHealth health, TimeProvider time, string file = "history.db", int maxPendingEvents = 100_000) => new(
        health,
        time,
        Options.Create(new HistoryOptions { Path = file, MaxPendingEvents = maxPendingEvents }),
        new SqliteHistoryLocation(Path.Combine(folder, file)),
        NullLogger<HistoryDatabase>.Instance);
}
