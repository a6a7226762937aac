namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// Waits for a condition that depends on wall-clock time (leader election keeps real seconds) by checking it every
/// few milliseconds, with a deadline that fails the test with its own description.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>Returns how long the condition took to hold.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<bool> condition, TimeSpan within, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            var waited = TimeProvider.System.GetElapsedTime(started);
            if (waited > within)
            {
                throw new TimeoutException($"{what}: not within {within.TotalSeconds:0.##} s");
            }

            await Task.Delay(CheckEvery, TimeProvider.System, cancellationToken);
        }

        return TimeProvider.System.GetElapsedTime(started);
    }
}
