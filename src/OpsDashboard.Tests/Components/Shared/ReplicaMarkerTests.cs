using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Components.Shared;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.Tests.Components.Shared;

/// <summary>The marker alone, on a context of its own: it needs nothing but the leadership it is shown.</summary>
public sealed class ReplicaMarkerTests
{
    private static IRenderedComponent<ReplicaMarker> Render(ILeadership leadership)
    {
        var context = new BunitContext();
        context.Services.AddSingleton(leadership);
        return context.Render<ReplicaMarker>();
    }

    [Fact]
    public void Says_nothing_for_a_single_replica()
    {
        Assert.Empty(Render(new SingleReplica()).FindAll("[data-replica-marker]"));
    }

    [Theory]
    [InlineData(true, "web-1", "replica web-1 · leader: polls the upstreams")]
    [InlineData(false, "web-1", "replica web-2 · follows web-1")]
    [InlineData(false, null, "replica web-2 · follows no leader yet")]
    public void Scaled_out_says_which_replica_serves_the_page_and_who_polls(bool leads, string? leader, string expected)
    {
        var marker = Render(new StubLeadership(leads ? "web-1" : "web-2", leads, leader));

        Assert.Equal(expected, marker.Find("[data-replica-marker]").TextContent);
    }

    private sealed class StubLeadership(string identity, bool isLeader, string? leader) : ILeadership
    {
        public string Identity => identity;

        public bool IsLeader => isLeader;

        public string? Leader => leader;

        public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
    }
}
