using Microsoft.Data.Sqlite;
using OpsDashboard.History;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.History;

public sealed class HistoryStoreTests : IDisposable
{
    private static readonly PanelKey Key = new(PanelKind.Nodes, "oregon-a", "oregon-a");
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Samples_survive_closing_and_reopening_the_file()
    {
        var path = _dir.File("history.db");
        await using (var first = await HistoryStore.OpenAsync(path, CancellationToken.None))
        {
            await first.AppendAsync([new(Key, "nodes_ready", T0, 11), new(Key, "nodes_ready", T0.AddSeconds(30), 12)], CancellationToken.None);
        }

        await using var second = await HistoryStore.OpenAsync(path, CancellationToken.None);
        var points = await second.QueryAsync(Key, "nodes_ready", T0.AddHours(-1), T0.AddHours(1), CancellationToken.None);

        Assert.Equal([new HistoryPoint(T0, 11), new HistoryPoint(T0.AddSeconds(30), 12)], points);
    }

    [Fact]
    public async Task Prune_deletes_only_samples_older_than_the_cut()
    {
        await using var store = await HistoryStore.OpenAsync(_dir.File("h.db"), CancellationToken.None);
        await store.AppendAsync([new(Key, "f", T0.AddDays(-8), 1), new(Key, "f", T0.AddDays(-6), 2), new(Key, "f", T0, 3)], CancellationToken.None);

        var deleted = await store.PruneAsync(T0.AddDays(-7), CancellationToken.None);

        Assert.Equal(1, deleted);
        var left = await store.QueryAsync(Key, "f", T0.AddDays(-30), T0, CancellationToken.None);
        Assert.Equal([2.0, 3.0], left.Select(p => p.Value));
    }

    [Fact]
    public async Task A_corrupt_file_gives_an_error_that_names_the_file_and_the_fix()
    {
        var path = _dir.File("corrupt.db");
        await File.WriteAllTextAsync(path, new string('x', 8192));

        var error = await Assert.ThrowsAsync<HistoryUnavailableException>(() => HistoryStore.OpenAsync(path, CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Contains("Move the file aside or delete it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_locked_by_another_process_gives_an_error_that_says_so()
    {
        var path = _dir.File("locked.db");
        await using (await HistoryStore.OpenAsync(path, CancellationToken.None))
        {
        }

        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using (var exclusive = other.CreateCommand())
        {
            exclusive.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<HistoryUnavailableException>(async () =>
        {
            await using var store = await HistoryStore.OpenAsync(path, CancellationToken.None);
            await store.AppendAsync([new(Key, "f", T0, 1)], CancellationToken.None);
        });

        Assert.Contains("locked by another process", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
