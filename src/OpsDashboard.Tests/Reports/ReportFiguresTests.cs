using OpsDashboard.History;
using OpsDashboard.Reports;
using OpsDashboard.Reports.Curation;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports;

/// <summary>
/// The figures of the week read from a real history database (SQLite here, PostgreSQL in
/// <see cref="PostgresReportFiguresTests"/>) as the app writes it, and rendered through the real template.
/// </summary>
public abstract class ReportFiguresContract : IAsyncLifetime
{
    protected CancellationTokenSource Timeout { get; } = new(TimeSpan.FromMinutes(2));

    protected TempDirectory Dir { get; } = new();

    /// <summary>This test's empty history database.</summary>
    protected abstract Task<HistoryLocation> LocationAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        Timeout.Dispose();
        Dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_weeks_cdn_hit_ratio_imports_finished_and_site_availability_are_read_from_the_history_and_placed_by_the_default_template()
    {
        var history = await WeekWrittenAsync();

        var figures = await ReportFigures.ReadAsync(history, WeekOfFigures.Window, Timeout.Token);
        var post = Render(figures, WeekOfFigures.Window, ReportRenderer.Default(ReportDateStyle.Ordinal));

        Assert.Equal(WeekOfFigures.Lines, figures.Lines(WeekOfFigures.Window));
        Assert.Equal(TimeSpan.FromHours(30) + TimeSpan.FromMinutes(4), figures.Imports[0].Took);
        var lines = post.Split('\n');
        var heading = Array.IndexOf(lines, "## Figures of the week");
        Assert.True(heading > Array.IndexOf(lines, "## Current work"), post);
        Assert.Equal(WeekOfFigures.Lines.Select(l => $"- {l}"), lines.Skip(heading + 2).Take(WeekOfFigures.Lines.Length));
        Assert.Contains("- MDN availability 99.95 % this week (10 of 20,160 checks failed)", lines);
    }

    [Fact]
    public async Task A_teams_template_places_each_figure_by_its_variables()
    {
        var history = await WeekWrittenAsync();
        var template = ReportRenderer.Parse(
            "{% for s in figures.sites %}{{ s.site }} {{ s.availability }} {{ figures.period }};{% endfor %}|{% for c in figures.cdn %}{{ c.distribution }}={{ c.hit_ratio }};{% endfor %}|{% for i in figures.imports %}{{ i.import }} {{ i.minutes }} min {{ i.seen_from_start }};{% endfor %}",
            ReportDateStyle.Ordinal, "a team's template");

        var post = Render(await ReportFigures.ReadAsync(history, WeekOfFigures.Window, Timeout.Token), WeekOfFigures.Window, template);

        Assert.Equal("MDN 99.95 % this week;SUMO 100 % this week;|media.example.org=0.925;static.example.org=0.8;|sumo-prod import 1804 min true;kuma import 190 min false;", post);
    }

    [Fact]
    public async Task A_week_with_no_samples_gives_no_figure_line()
    {
        var history = await WeekWrittenAsync();

        var figures = await ReportFigures.ReadAsync(history, WeekOfFigures.EmptyWeek, Timeout.Token);
        var post = Render(figures, WeekOfFigures.EmptyWeek, ReportRenderer.Default(ReportDateStyle.Ordinal));

        Assert.True(figures.IsEmpty);
        Assert.DoesNotContain("Figures of the week", post, StringComparison.Ordinal);
        Assert.DoesNotContain("availability", post, StringComparison.Ordinal);
        Assert.DoesNotContain("hit ratio", post, StringComparison.Ordinal);
    }

    private async Task<HistoryLocation> WeekWrittenAsync()
    {
        var history = await LocationAsync();
        await WeekOfFigures.WriteAsync(history, Timeout.Token);
        return history;
    }

    private static string Render(ReportFigures figures, ReportWindow window, ReportRenderer renderer)
    {
        var options = December2017.Options();
        var report = new WeeklyReportBuilder(options).Build(window, December2017.Reading(), ReportChoices.None) with { Figures = figures };
        return renderer.Render(report, options);
    }
}

public sealed class SqliteReportFiguresTests : ReportFiguresContract
{
    protected override Task<HistoryLocation> LocationAsync() => Task.FromResult<HistoryLocation>(new SqliteHistoryLocation(Dir.File("history.db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReportFiguresTests(PostgresFixture postgres) : ReportFiguresContract
{
    private Npgsql.NpgsqlDataSource? _dataSource;

    protected override async Task<HistoryLocation> LocationAsync()
    {
        _dataSource = Npgsql.NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync("figures", Timeout.Token));
        return new PostgresHistoryLocation(_dataSource);
    }

    public override async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
