using OpsDashboard.Panels.Freshness;

namespace OpsDashboard.Tests.Panels.Freshness;

public sealed class FreshnessJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly FreshnessAppOptions Bedrock = new() { Name = "bedrock" };

    private static HealthPage Page(int? dbAge, int l10nAge = 30) => new(
        [new CronTask("download_database", dbAge is { } a ? TimeSpan.FromSeconds(a) : null, TimeSpan.FromSeconds(600)), new CronTask("update_locales", TimeSpan.FromSeconds(l10nAge), TimeSpan.FromSeconds(600))],
        "4f1c9a2e7b", "4f1c9a2e7b", "sha256:aa", null, null);

    [Theory]
    [InlineData(200, 120, FreshnessState.Fresh)]
    [InlineData(200, 360, FreshnessState.Fresh)]
    [InlineData(200, 361, FreshnessState.Late)]
    [InlineData(200, 600, FreshnessState.Late)]
    [InlineData(500, 601, FreshnessState.Stale)]
    [InlineData(200, 601, FreshnessState.Stale)]
    [InlineData(500, 30, FreshnessState.Stale)]
    public void Ages_and_status_give_fresh_late_or_stale(int status, int dbAge, FreshnessState expected)
    {
        var pod = FreshnessJudge.Judge("web-1", status, Page(dbAge), Bedrock, Now);

        Assert.Equal(expected, pod.State);
        Assert.Equal(TimeSpan.FromSeconds(dbAge), pod.DbAge);
    }

    [Fact]
    public void A_task_that_never_ran_is_stale_and_says_so()
    {
        var pod = FreshnessJudge.Judge("web-1", 500, Page(null), Bedrock, Now);

        Assert.Equal(FreshnessState.Stale, pod.State);
        Assert.Equal("late: download_database never ran", pod.Error);
    }

    [Fact]
    public void Code_and_db_shas_are_compared_on_their_common_prefix()
    {
        Assert.False(new PodFreshness("p", FreshnessState.Fresh, null, "4f1c9a2e7b5d4c3a", "4f1c9a2e7b", null, null).ShaMismatch);
        Assert.True(new PodFreshness("p", FreshnessState.Fresh, null, "4f1c9a2e7b5d4c3a", "0a1b2c3d4e", null, null).ShaMismatch);
    }
}
