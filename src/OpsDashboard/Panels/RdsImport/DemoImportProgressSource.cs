using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// SUMO's production snapshot going into a new db.t2.small: a 30-hour import, run faster than real time
/// (<see cref="DemoOptions.ImportSpeed"/>) so it visibly moves. Halfway, an index build holds progress still long
/// enough to show the "no progress" warning; when done it stays finished for a while, then starts over.
/// </summary>
public sealed class DemoImportProgressSource(DemoFleet fleet) : DemoSource<ImportProgress>(fleet, TimeSpan.FromSeconds(15)), IImportProgressSource
{
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FullImport = TimeSpan.FromHours(30);
    private static readonly (string Table, long Bytes, long Rows)[] Dump =
    [
        ("auth_user", 310_000_000, 1_900_000), ("users_profile", 420_000_000, 1_900_000), ("products_product", 2_000_000, 40),
        ("products_topic", 9_000_000, 900), ("wiki_document", 1_100_000_000, 95_000), ("wiki_revision", 9_800_000_000, 1_400_000),
        ("wiki_helpfulvote", 2_600_000_000, 31_000_000), ("questions_question", 1_900_000_000, 1_300_000),
        ("questions_answer", 3_700_000_000, 4_100_000), ("questions_answervote", 1_200_000_000, 14_000_000),
        ("questions_questionvote", 640_000_000, 7_800_000), ("kbforums_thread", 40_000_000, 120_000), ("kbforums_post", 180_000_000, 410_000),
        ("gallery_image", 90_000_000, 60_000), ("tidings_watch", 1_300_000_000, 12_000_000), ("karma_points", 210_000_000, 3_300_000),
        ("messages_inboxmessage", 120_000_000, 600_000), ("search_record", 60_000_000, 400_000), ("django_session", 700_000_000, 2_100_000),
        ("actstream_action", 360_000_000, 5_200_000),
    ];

    public override SourceInfo Info { get; } = new(RdsImportPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(90));

    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    /// <summary>The demo import's runs since the demo began that finished in [from, to): when each started and finished (the weekly report's demo figure).</summary>
    public static IReadOnlyList<(DateTimeOffset Started, DateTimeOffset Finished)> RunsFinishedBetween(DemoFleet fleet, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var load = FullImport / fleet.ImportSpeed;
        var cycle = load + Stall + Hold;
        // A run starts where the cycle position below is zero.
        var firstStart = fleet.Epoch - (load / 3);
        var runs = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var k = Math.Max(0, (long)Math.Floor((from - load - Stall - firstStart) / cycle)); firstStart + (cycle * k) + load + Stall < to; k++)
        {
            var started = firstStart + (cycle * k);
            var finished = started + load + Stall;
            if (finished >= from)
            {
                runs.Add((started, finished));
            }
        }

        return runs;
    }

    public static ImportProgress Simulate(DemoFleet fleet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var load = FullImport / fleet.ImportSpeed;
        var stall = Stall;
        var cycle = load + stall + Hold;
        var c = TimeSpan.FromTicks((fleet.Elapsed(now) + (load / 3)).Ticks % cycle.Ticks);

        double fraction;
        TimeSpan? idle = null;
        if (c < load / 2)
        {
            fraction = c / load;
        }
        else if (c < (load / 2) + stall)
        {
            fraction = 0.5;
            idle = c - (load / 2);
        }
        else
        {
            fraction = Math.Min(1, (c - stall) / load);
        }

        var total = Dump.Sum(t => t.Bytes);
        var remaining = (long)(total * fraction);
        var tables = new List<TableProgress>(Dump.Length);
        string? running = null;
        foreach (var (table, bytes, rows) in Dump)
        {
            var loaded = Math.Clamp(remaining, 0, bytes);
            remaining -= loaded;
            var state = loaded >= bytes ? TableLoadState.Done : loaded > 0 || (running is null && fraction < 1) ? TableLoadState.Loading : TableLoadState.Waiting;
            if (state == TableLoadState.Loading)
            {
                running ??= idle is null ? $"INSERT INTO `{table}` VALUES (…)" : $"ALTER TABLE `{table}` ADD INDEX (…)";
            }

            tables.Add(new TableProgress(table, state, loaded, bytes, rows * loaded / bytes, rows));
        }

        var rate = idle is null && fraction < 1 ? total / load.TotalSeconds * (0.9 + (0.2 * DemoNoise.Unit("import-rate", (long)c.TotalMinutes))) : 0;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds(total * (1 - fraction) / rate) : null;
        // A db.t2.small starts with its maximum of 144 credits and spends them faster than it earns them while loading.
        var credits = Math.Max(0, 144 - (170 * fraction));
        var instance = new RdsInstanceMetrics(idle is null && fraction < 1 ? 410 + (60 * DemoNoise.Unit("iops", (long)c.TotalMinutes)) : 12, 100e9 - (total * fraction * 1.3), credits,
            fraction < 1 && credits > 0 ? -170 * (rate * 3600 / total) : 0, now);
        return new ImportProgress("sumo-prod import", "sumo-prod-import", "db.t2.small", tables, rate, eta, idle, running, StallAfter) { InstanceMetrics = instance, RowsPerSecond = rate * Dump.Sum(t => t.Rows) / total };
    }

    public override IReadOnlyList<TargetReading<ImportProgress>> Read(DateTimeOffset now) => [TargetReading<ImportProgress>.Ok("AWS", "sumo-prod import", Simulate(Fleet, now))];
}
