using OpsDashboard.Panels.RdsImport;
using Xunit.Abstractions;

namespace OpsDashboard.Tests.Panels.RdsImport;

/// <summary>
/// The tracker fed a scripted import, poll by poll, on a clock of its own (the tracker reads time only from each
/// observation): an uneven load (one huge table, then many small ones, each followed by an index build), the dashboard
/// watching an empty schema before the import starts, and a second import into the same schema dropped and recreated.
/// </summary>
public sealed class ImportTrackerTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    [Fact]
    public void On_an_uneven_load_the_eta_is_within_25_percent_from_75_percent_done_and_says_what_it_is_based_on()
    {
        var load = new ScriptedImport()
            .Table("huge_revisions", rows: 3_000_000, bytes: 3_000_000_000, inserts: TimeSpan.FromMinutes(50), indexBuild: TimeSpan.FromMinutes(10));
        for (var i = 0; i < 40; i++)
        {
            load.Table($"small_{i:00}", rows: 50_000, bytes: 50_000_000, inserts: TimeSpan.FromSeconds(70), indexBuild: TimeSpan.FromSeconds(20));
        }

        var tracker = new ImportTracker(load.Manifest, TimeSpan.FromMinutes(5));
        var errors = new List<(double Percent, double Error)>();
        for (var at = Start; at <= Start + load.Duration; at += Poll)
        {
            var progress = tracker.Observe(load.At(at), "sumo", "sumo-import", "db.r6g.large", TimeSpan.FromMinutes(15));
            var left = Start + load.Duration - at;
            if (progress.Eta is { } eta && left > TimeSpan.FromMinutes(2))
            {
                errors.Add((progress.Percent, Math.Abs((eta - left) / left)));
                Assert.StartsWith("at ", progress.EtaBasis, StringComparison.Ordinal);
                Assert.True(progress.RateOver <= TimeSpan.FromMinutes(5), $"rate over {progress.RateOver}");
            }
        }

        foreach (var mark in new[] { 25, 50, 75, 90 })
        {
            output.WriteLine($"ETA error at {mark} %: {errors.First(e => e.Percent >= mark).Error:P0}");
        }

        Assert.All(errors.Where(e => e.Percent >= 75), e => Assert.True(e.Error <= 0.25, $"ETA off by {e.Error:P0} at {e.Percent:0.0} %"));
    }

    [Fact]
    public void The_rate_is_never_measured_over_more_than_the_import_so_far()
    {
        var load = new ScriptedImport().Table("only", rows: 1_000_000, bytes: 1_000_000_000, inserts: TimeSpan.FromMinutes(20), indexBuild: TimeSpan.Zero);
        var tracker = new ImportTracker(load.Manifest, TimeSpan.FromMinutes(30));
        var empty = new ImportObservation(Start, [], []) { IdleConnections = 0 };
        for (var at = Start - TimeSpan.FromMinutes(30); at < Start; at += Poll)
        {
            Assert.Null(tracker.Observe(empty with { At = at }, "sumo", "sumo-import", "MariaDB", TimeSpan.FromMinutes(60)).Eta);
        }

        var progress = tracker.Observe(load.At(Start + TimeSpan.FromMinutes(2)), "sumo", "sumo-import", "MariaDB", TimeSpan.FromMinutes(60));
        progress = tracker.Observe(load.At(Start + TimeSpan.FromMinutes(4)), "sumo", "sumo-import", "MariaDB", TimeSpan.FromMinutes(60));

        // Measured from the last poll that saw nothing loaded: the import began within that poll, 4 min ago at most.
        Assert.True(progress.RateOver <= TimeSpan.FromMinutes(4) + Poll, $"rate over {progress.RateOver}");
        Assert.InRange(progress.Eta!.Value.TotalMinutes, 16 * 0.9, 16 * 1.1);
    }

    [Fact]
    public void A_second_import_into_the_dropped_and_recreated_schema_is_a_new_observation_without_a_negative_rate()
    {
        var load = new ScriptedImport()
            .Table("wiki_document", rows: 100_000, bytes: 200_000_000, inserts: TimeSpan.FromMinutes(5), indexBuild: TimeSpan.Zero)
            .Table("wiki_revision", rows: 400_000, bytes: 800_000_000, inserts: TimeSpan.FromMinutes(20), indexBuild: TimeSpan.Zero);
        var tracker = new ImportTracker(load.Manifest, TimeSpan.FromMinutes(5));
        var second = Start + load.Duration + TimeSpan.FromMinutes(10);
        var seen = new List<ImportProgress>();
        for (var at = Start; at < second + load.Duration; at += Poll)
        {
            // After the first import, the schema is dropped and recreated, then loaded again from the start.
            var observation = at < second ? load.At(at) : load.At(Start + (at - second));
            seen.Add(tracker.Observe(observation, "sumo", "sumo-import", "MariaDB", TimeSpan.FromMinutes(15)));
        }

        Assert.Contains(seen, p => p.Finished);
        Assert.All(seen, p => Assert.True(p.BytesPerSecond >= 0, $"rate {p.BytesPerSecond} at {p.Percent:0.0} %"));
        var again = seen.Skip(seen.FindIndex(p => p.Finished)).SkipWhile(p => p.Percent > 50).Where(p => p.Percent is > 10 and < 90).ToList();
        Assert.NotEmpty(again);
        Assert.All(again, p => Assert.NotNull(p.Eta));
        Assert.DoesNotContain(again, p => p.Finished);
    }

    [Fact]
    public void Tables_left_over_from_an_earlier_import_are_not_loaded_so_an_import_stopped_before_them_is_not_finished()
    {
        var manifest = new ImportManifest("kitsune", "dump kitsune.sql", ImportManifest.BytesFromDump,
            [new("t1", 100, 10_000_000), new("t2", 100, 10_000_000), new("t3", 100, 10_000_000)]);
        var tracker = new ImportTracker(manifest, TimeSpan.FromMinutes(5));
        var today = new DateTime(2026, 12, 3, 14, 0, 0, DateTimeKind.Unspecified);
        // t1 and t2 recreated by this import (t2 half loaded when it stopped); t3 still holds yesterday's full copy.
        TableObservation[] tables =
        [
            new("t1", 10_000_000, 100) { CreatedAt = today },
            new("t2", 5_000_000, 50) { CreatedAt = today.AddMinutes(3) },
            new("t3", 10_000_000, 100) { CreatedAt = today.AddDays(-1) },
        ];
        var counts = new Dictionary<string, long> { ["t2"] = 50, ["t3"] = 100 };
        ImportProgress progress = null!;
        for (var i = 0; i < 3; i++)
        {
            progress = tracker.Observe(new ImportObservation(Start + (i * Poll), tables, []) { CountedRows = counts }, "sumo", "sumo-import", "MariaDB", TimeSpan.FromMinutes(15));
        }

        Assert.False(progress.Finished);
        Assert.True(progress.Stopped);
        Assert.Equal([TableLoadState.Done, TableLoadState.Incomplete, TableLoadState.Waiting], progress.Tables.Select(t => t.State));
        Assert.EndsWith("1 / 3 tables loaded: the import stopped or was aborted; t2 has 50 of 100 rows; not loaded: t3", progress.Why, StringComparison.Ordinal);
    }

    /// <summary>An import in time: each table is created, filled at an even pace, then indexed, in order; one client throughout.</summary>
    private sealed class ScriptedImport
    {
        private readonly List<(ManifestTable Table, TimeSpan Inserts, TimeSpan IndexBuild)> _tables = [];

        public ImportManifest Manifest => new("kitsune", "dump scripted.sql", ImportManifest.BytesFromDump, [.. _tables.Select(t => t.Table)]);

        public TimeSpan Duration => _tables.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Inserts + t.IndexBuild);

        public ScriptedImport Table(string name, long rows, long bytes, TimeSpan inserts, TimeSpan indexBuild)
        {
            _tables.Add((new ManifestTable(name, rows, bytes), inserts, indexBuild));
            return this;
        }

        public ImportObservation At(DateTimeOffset at)
        {
            var elapsed = at - Start;
            var tables = new List<TableObservation>();
            var running = new List<RunningStatement>();
            foreach (var (table, inserts, indexBuild) in _tables)
            {
                if (elapsed < TimeSpan.Zero)
                {
                    break;
                }

                var loaded = elapsed >= inserts ? table.Rows : (long)(table.Rows * (elapsed / inserts));
                tables.Add(new TableObservation(table.Name, table.Bytes * loaded / table.Rows, loaded));
                if (elapsed < inserts)
                {
                    running.Add(new RunningStatement(7, "admin", TimeSpan.FromSeconds(1), "Update", $"INSERT INTO `{table.Name}` VALUES ({loaded},'…')"));
                }
                else if (elapsed < inserts + indexBuild)
                {
                    running.Add(new RunningStatement(7, "admin", elapsed - inserts, "altering table", $"ALTER TABLE `{table.Name}` ADD KEY `created` (`created`)"));
                }

                elapsed -= inserts + indexBuild;
            }

            // Once every statement has run, the last table is counted exactly, as the source does when the import is quiet.
            var counted = running.Count == 0 && tables.Count == _tables.Count ? new Dictionary<string, long> { [_tables[^1].Table.Name] = _tables[^1].Table.Rows } : [];
            return new ImportObservation(at, tables, running) { IdleConnections = running.Count == 0 ? 0 : 1, CountedRows = counted };
        }
    }
}
