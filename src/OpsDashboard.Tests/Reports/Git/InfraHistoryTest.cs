using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.Git;

/// <summary>A test over the <see cref="InfraHistory"/> clone, in a folder of its own, on a clock of December 20, 2017.</summary>
public abstract class InfraHistoryTest : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();

    protected CancellationTokenSource Timeout { get; } = new(TimeSpan.FromSeconds(60));

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2017, 12, 20, 9, 0, 0, TimeSpan.Zero));

    protected GitRepository Repo { get; private set; } = null!;

    public async Task InitializeAsync() => Repo = await InfraHistory.BuildAsync(Timeout.Token);

    public Task DisposeAsync()
    {
        Repo.Dispose();
        Dir.Dispose();
        Timeout.Dispose();
        return Task.CompletedTask;
    }
}
