using System.Collections.Frozen;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Versions;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Panels.Versions;

public sealed class AppVersionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string?> Drifts() => new()
    {
        { "one behind", "mozorg/bedrock:2017-11-30@sha256:1111111111111111", "mozorg/bedrock:2017-12-04@sha256:2222222222222222", "frankfurt still on bedrock:2017-11-30, the others on 2017-12-04" },
        { "tag moved", "mozorg/bedrock:latest@sha256:1111111111111111", "mozorg/bedrock:latest@sha256:2222222222222222", "frankfurt still on bedrock:latest@sha256:111111111111, the others on latest@sha256:222222222222" },
        { "same everywhere", "mozorg/bedrock:2017-12-04@sha256:2222222222222222", "mozorg/bedrock:2017-12-04@sha256:2222222222222222", null },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public void A_cluster_off_what_the_others_run_is_named_with_its_tag_or_its_digest_when_the_tag_is_the_same(string scenario, string frankfurt, string others, string? drift)
    {
        var app = AppVersions.Of([Cluster("frankfurt", "bedrock-prod", frankfurt), Cluster("oregon-b", "bedrock-prod", others), Cluster("tokyo", "bedrock-prod", others)], []).Single();

        Assert.Equal(drift, app.Drift);
        Assert.Equal(scenario == "same everywhere" ? [] : ["frankfurt"], app.Drifted.Select(c => c.Cluster));
        Assert.Equal(["frankfurt", "oregon-b", "tokyo"], app.Clusters.Select(c => c.Cluster));
    }

    [Fact]
    public void Apps_are_workload_names_across_namespaces_with_pod_counts_per_image_and_the_code_sha_of_their_health_pages()
    {
        var oregon = Cluster("oregon-b", "bedrock-prod", "mozorg/bedrock:2017-12-04@sha256:2222222222222222", "mozorg/bedrock:2017-11-30@sha256:1111111111111111", "mozorg/bedrock:2017-12-04@sha256:2222222222222222");
        var staging = Cluster("oregon-b", "bedrock-stage", "mozorg/bedrock:2017-12-05@sha256:3333333333333333");
        var freshness = new AppFreshness("bedrock", "oregon-b",
            [new PodFreshness("bedrock-web-0", FreshnessState.Fresh, TimeSpan.FromMinutes(3), "4f1c9a2e", "4f1c9a2e", "abc", null), new PodFreshness("other-web-0", FreshnessState.Fresh, null, "ffffffff", null, null, null)],
            TimeSpan.FromMinutes(10));

        var app = AppVersions.Of([oregon with { Pods = [.. oregon.Pods, .. staging.Pods] }], [freshness]).Single();

        var version = app.Clusters.Single();
        Assert.Equal("bedrock-web", app.App);
        Assert.Equal(["bedrock-prod", "bedrock-stage"], version.Namespaces);
        Assert.Equal([("2017-12-04", 2), ("2017-11-30", 1), ("2017-12-05", 1)], version.Images.Select(i => (i.Tag, i.Pods)));
        Assert.Equal(["4f1c9a2e"], version.CodeShas);
    }

    [Fact]
    public void The_projection_keeps_each_containers_image_and_the_digest_its_status_reports()
    {
        var pod = PodProjection.From(new V1PodBuilder("web-1", "shop").Build(), new StringPool());

        var image = Assert.Single(pod.Images);
        Assert.Equal(("web", "registry.example.com/shop/web", "1.42.0", $"sha256:{new string('a', 64)}"), (image.Container, image.Repository, image.Tag, image.Digest));
    }

    [Fact]
    public void The_demo_shows_frankfurt_behind_on_bedrock()
    {
        var fleet = new OpsDashboard.Demo.DemoFleet(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start), Microsoft.Extensions.Options.Options.Create(new OpsDashboard.Demo.DemoOptions()));
        var pods = OpsDashboard.Demo.DemoFleet.Clusters.Select(c => DemoPodReadinessSource.Simulate(fleet, c, Start));

        var bedrock = AppVersions.Of(pods, []).Single(a => a.App == "bedrock-web");

        Assert.Equal("frankfurt still on bedrock:2017-11-30, the others on 2017-12-04", bedrock.Drift);
    }

    /// <summary>A cluster's pods of bedrock-web, one a given image ("repo:tag@digest").</summary>
    private static ClusterPods Cluster(string cluster, string ns, params string[] images) =>
        new(cluster, [])
        {
            Pods =
            [
                .. images.Select((image, i) => new PodInfo(ns, $"bedrock-web-7d9f8c6b5-{ns}{i}", "node-1", "Running", true, new WorkloadRef(WorkloadKind.Deployment, "bedrock-web"),
                    "7d9f8c6b5", 0, null, null, null, Start, false, null, FrozenDictionary<string, string>.Empty)
                {
                    Images = [new ContainerImage("bedrock", image.Split('@')[0], image.Split('@')[1])],
                }),
            ],
        };
}
