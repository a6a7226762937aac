using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Notifications;

namespace OpsDashboard.Tests.TestSupport;

public static class DispatcherSteps
{
    /// <summary>
    /// Moves fake time on by <paramref name="by"/> (zero: not at all) and returns once the dispatcher has looked at the
    /// store at that moment or later and set its next wait (its Looked event): fake time never runs ahead of it.
    /// </summary>
    public static async Task StepAsync(this FakeTimeProvider clock, NotificationDispatcher dispatcher, TimeSpan by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(dispatcher);
        var target = clock.GetUtcNow() + by;
        var looked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLooked(DateTimeOffset at)
        {
            if (at >= target)
            {
                looked.TrySetResult();
            }
        }

        dispatcher.Looked += OnLooked;
        try
        {
            if (by > TimeSpan.Zero)
            {
                clock.Advance(by);
            }

            await looked.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            dispatcher.Looked -= OnLooked;
        }
    }
}
