using System.Threading.Channels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.ScaleOut;

/// <summary>Where the leader's collectors say which tiles of polled sources changed, for the followers to get them.</summary>
public interface ISnapshotOutbox
{
    void Changed(PanelKey key);
}

/// <summary>An unbounded queue of changed tiles (a tile is a few per poll, and the publisher drains it at once).</summary>
public sealed class SnapshotOutbox : ISnapshotOutbox
{
    private readonly Channel<PanelKey> _changed = Channel.CreateUnbounded<PanelKey>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<PanelKey> Reader => _changed.Reader;

    public void Changed(PanelKey key) => _changed.Writer.TryWrite(key);
}
