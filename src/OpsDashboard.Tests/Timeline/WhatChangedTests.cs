using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class WhatChangedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static TimelineEvent Incident(TileStatus state, string cluster = "frankfurt") =>
        new TimelineEventBuilder($"state-{state}-{cluster}").In(cluster).TileState($"OK → {state}", state).Critical().At(T0).Says("OK → CRITICAL", "7 / 10 ready").Build();

    private static TimelineEvent Change(string key, string cluster, TimeSpan before, string message, TimelineSeverity severity = TimelineSeverity.Info) =>
        new TimelineEventBuilder(key).Rollout(cluster, "bedrock-web", "rolled out", message).Severity(severity).At(T0 - before).Build();

    [Theory]
    [InlineData("the newest change before it", TileStatus.Critical, "bedrock-web rolled out abc → def 6 min earlier in frankfurt")]
    [InlineData("an ERROR episode too", TileStatus.Error, "bedrock-web rolled out abc → def 6 min earlier in frankfurt")]
    [InlineData("a warning is not an incident", TileStatus.Warning, null)]
    [InlineData("an OK state is not an incident", TileStatus.Ok, null)]
    public void An_incident_says_the_last_change_made_to_its_cluster_before_it(string why, TileStatus state, string? expected)
    {
        IReadOnlyList<TimelineEvent> changes =
        [
            Change("older", "frankfurt", TimeSpan.FromMinutes(40), "bedrock-web rolling out abc → def"),
            Change("newest", "frankfurt", TimeSpan.FromMinutes(6), "bedrock-web rolled out abc → def"),
            Change("stall", "frankfurt", TimeSpan.FromMinutes(2), "bedrock-web stalled: 3/10 updated", TimelineSeverity.Critical),
            Change("elsewhere", "tokyo", TimeSpan.FromMinutes(1), "bedrock-web rolled out abc → def"),
            Change("after", "frankfurt", -TimeSpan.FromMinutes(1), "bedrock-web rolled back def → abc"),
        ];

        Assert.True(WhatChanged.Sentence(Incident(state), changes) == expected, why);
    }

    [Theory]
    [InlineData(59, "bedrock-web rolled out abc → def 59 min earlier in frankfurt")]
    [InlineData(61, null)]
    [InlineData(0, "bedrock-web rolled out abc → def just before in frankfurt")]
    public void A_change_counts_for_an_hour_before_the_incident(int minutesBefore, string? expected) =>
        Assert.Equal(expected, WhatChanged.Sentence(Incident(TileStatus.Critical), [Change("c", "frankfurt", TimeSpan.FromMinutes(minutesBefore), "bedrock-web rolled out abc → def")]));

    [Fact]
    public void Without_a_change_in_its_cluster_an_incident_says_nothing_of_one() =>
        Assert.Null(WhatChanged.Sentence(Incident(TileStatus.Critical, "oregon-a"), [Change("c", "frankfurt", TimeSpan.FromMinutes(3), "bedrock-web rolled out abc → def")]));
}
