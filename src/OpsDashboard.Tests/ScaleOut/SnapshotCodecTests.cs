using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Demo;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.Tests.ScaleOut;

/// <summary>A follower must show what the leader shows: every panel's snapshot survives the trip through the database.</summary>
public sealed class SnapshotCodecTests
{
    private static readonly DemoFleet Fleet = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), Options.Create(new DemoOptions()));

    public static TheoryData<string, int> Moments() => new()
    {
        { "oregon-a", 0 },
        { "oregon-b", 750 },
        { "tokyo", 2640 },
        { "frankfurt", 5000 },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void Every_panel_reads_back_the_same_tile_and_details(string cluster, int seconds)
    {
        var at = Fleet.Epoch.AddSeconds(seconds);
        var demo = DemoFleet.Clusters.Single(c => c.Name == cluster);
        PanelSnapshot[] snapshots =
        [
            DemoNodesSource.Simulate(Fleet, demo, at),
            DemoPodReadinessSource.Simulate(Fleet, demo, at),
            DemoFreshnessSource.Simulate(Fleet, demo, at),
            DemoImportProgressSource.Simulate(Fleet, at),
            DemoCdnSource.Simulate(Fleet, at),
        ];

        foreach (var snapshot in snapshots)
        {
            var (type, json) = SnapshotCodec.Encode(snapshot);
            var back = SnapshotCodec.Decode(type, json);

            Assert.IsType(snapshot.GetType(), back);
            Assert.Equal((snapshot.Health, snapshot.Headline, snapshot.Why), (back.Health, back.Headline, back.Why));
            Assert.Equal(snapshot.Figures, back.Figures);
            Assert.Equal(json, SnapshotCodec.Encode(back).Json);
        }
    }

    [Fact]
    public void Derived_members_are_not_sent_they_are_worked_out_again()
    {
        var (_, json) = SnapshotCodec.Encode(DemoNodesSource.Simulate(Fleet, DemoFleet.Clusters[0], Fleet.Epoch));

        Assert.DoesNotContain("\"Headline\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Health\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Nodes\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_name_from_the_database_that_is_not_a_snapshot_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => SnapshotCodec.Decode("System.IO.FileInfo", "{\"fileName\":\"/etc/passwd\"}"));

        Assert.Contains("unknown to this replica", error.Message, StringComparison.Ordinal);
    }
}
