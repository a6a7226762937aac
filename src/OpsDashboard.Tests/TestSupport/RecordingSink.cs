using System.Threading.Channels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A sink that hands each published reading to the test in order.</summary>
public sealed class RecordingSink<TSnapshot> : IReadingSink<TSnapshot>
    where TSnapshot : PanelSnapshot
{
    private readonly Channel<(string Group, string Target, TSnapshot Snapshot)> _published = Channel.CreateUnbounded<(string, string, TSnapshot)>();
    private readonly Channel<string> _failures = Channel.CreateUnbounded<string>();

    public List<(string Group, string Target, string Message)> Failures { get; } = [];

    public void Publish(string group, string target, TSnapshot snapshot, DateTimeOffset takenAt) => _published.Writer.TryWrite((group, target, snapshot));

    public void Fail(string group, string target, string message)
    {
        lock (Failures)
        {
            Failures.Add((group, target, message));
        }

        _failures.Writer.TryWrite(message);
    }

    public void FailAll(string message) => Fail("*", "*", message);

    public async Task<string> NextFailureAsync(CancellationToken cancellationToken) => await _failures.Reader.ReadAsync(cancellationToken);

    public async Task<(string Group, string Target, TSnapshot Snapshot)> NextAsync(CancellationToken cancellationToken) =>
        await _published.Reader.ReadAsync(cancellationToken);
}
