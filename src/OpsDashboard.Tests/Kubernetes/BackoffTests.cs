using OpsDashboard.Kubernetes;

namespace OpsDashboard.Tests.Kubernetes;

public sealed class BackoffTests
{
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Fact]
    public void Doubles_from_800_ms_and_never_exceeds_30_s()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), new FixedRandom(0));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds).ToList();

        Assert.Equal([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000], delays);
    }

    [Fact]
    public void Jitter_adds_up_to_the_delay_again_within_the_cap_and_reset_starts_over()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), new FixedRandom(0.5));

        Assert.Equal(1200, backoff.Next().TotalMilliseconds);
        Assert.Equal(2400, backoff.Next().TotalMilliseconds);
        backoff.Reset();
        Assert.Equal(1200, backoff.Next().TotalMilliseconds);
    }
}
