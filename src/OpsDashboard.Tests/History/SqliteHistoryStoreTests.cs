using Microsoft.Data.Sqlite;
using OpsDashboard.History;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.History;

/// <summary>The history contract on the default back-end, a SQLite file, and what only a file can go through.</summary>
public sealed class SqliteHistoryStoreTests : HistoryStoreContract
{
    private static readonly PanelKey Key = new(NodesPanel.Kind, "oregon-a", "oregon-a");
    private readonly TempDirectory _dir = new();

    protected override Task<HistoryStore> OpenAsync() => HistoryStore.OpenAsync(_dir.File("h.db"), CancellationToken.None);

    protected override Task<HistoryStore> OpenReaderAsync() => HistoryStore.OpenReaderAsync(_dir.File("h.db"), CancellationToken.None);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("h.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_reader_of_a_file_that_does_not_exist_yet_is_told_so()
    {
        var path = _dir.File("never-written.db");

        var error = await Assert.ThrowsAsync<HistoryUnavailableException>(() => HistoryStore.OpenReaderAsync(path, CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing has been recorded", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path), "a reader must not create the file");
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
