using Npgsql;
using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.History;

/// <summary>The history contract on a real PostgreSQL, and what only a shared server can go through.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHistoryStoreTests(PostgresFixture postgres) : HistoryStoreContract
{
    private NpgsqlDataSource _dataSource = null!;

    protected override Task<HistoryStore> OpenAsync() => HistoryStore.OpenPostgresAsync(_dataSource, createSchema: true, CancellationToken.None);

    protected override Task<HistoryStore> OpenReaderAsync() => HistoryStore.OpenPostgresAsync(_dataSource, createSchema: false, CancellationToken.None);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync("history", CancellationToken.None));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Replicas_opening_the_database_at_once_all_get_the_schema_and_one_history()
    {
        var key = new PanelKey(CdnPanel.Kind, "AWS", "E1");
        var writers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync()));
        try
        {
            await Task.WhenAll(writers.Select((w, i) => w.AppendAsync([new HistorySample(key, "hit_ratio", T0.AddSeconds(i), i)], CancellationToken.None)));

            await using var reader = await HistoryStore.OpenPostgresAsync(_dataSource, createSchema: false, CancellationToken.None);
            Assert.Equal([0.0, 1, 2, 3], (await reader.QueryAsync(key, "hit_ratio", T0, T0.AddMinutes(1), CancellationToken.None)).Select(p => p.Value));
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_wrong_password_says_which_setting_to_fix_and_never_shows_a_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString) { Password = "not-the-Pa55word-at-all" };
        await using var dataSource = NpgsqlDataSource.Create(wrong.ConnectionString);

        var error = await Assert.ThrowsAsync<HistoryUnavailableException>(() => HistoryStore.OpenPostgresAsync(dataSource, createSchema: true, CancellationToken.None));

        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard:ScaleOut:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains($"on 127.0.0.1:{postgres.Server.Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-Pa55word-at-all", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_banner_for_a_refused_login_names_the_database_and_the_setting_and_the_live_recording_goes_on_trying()
    {
        var wrong = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString) { Password = "not-the-Pa55word-at-all" };
        await using var dataSource = NpgsqlDataSource.Create(wrong.ConnectionString);
        var health = new HistoryHealth();
        await using var database = new HistoryDatabase(health, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new HistoryOptions()),
            new PostgresHistoryLocation(dataSource), Microsoft.Extensions.Logging.Abstractions.NullLogger<HistoryDatabase>.Instance);

        var written = await database.TryWriteAsync((db, ct) => Task.FromResult(0), CancellationToken.None);

        Assert.False(written);
        var banner = health.Problem!.Message;
        Assert.StartsWith($"History database PostgreSQL database {new NpgsqlConnectionStringBuilder(wrong.ConnectionString).Database} on 127.0.0.1:{postgres.Server.Port} refused the login", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-Pa55word-at-all", banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_as_unreachable_with_the_setting_to_check()
    {
        var nowhere = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString) { Port = DashboardProcess.FreePort(), Timeout = 2 };
        await using var dataSource = NpgsqlDataSource.Create(nowhere.ConnectionString);

        var error = await Assert.ThrowsAsync<HistoryUnavailableException>(() => HistoryStore.OpenPostgresAsync(dataSource, createSchema: true, CancellationToken.None));

        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dashboard:ScaleOut:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, error.Message, StringComparison.Ordinal);
    }
}
