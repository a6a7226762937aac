using System.Threading.Channels;
using k8s;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// One change to the cluster, kept in the history that watches resume from. <c>Previous</c> is the object before a
/// modification, so a watch whose selector it stops matching sees DELETED.
/// </summary>
internal sealed record ClusterChange(long ResourceVersion, FakeResource Resource, WatchEventType Type, StoredObject Object, StoredObject? Previous);

/// <summary>What an open watch has still to write, in order.</summary>
internal abstract record WatchMessage
{
    public sealed record Change(WatchEventType Type, StoredObject Object) : WatchMessage;

    public sealed record Bookmark(long ResourceVersion) : WatchMessage;

    /// <summary>The watch is now too old: one ERROR event with a 410 Status, then a clean end.</summary>
    public sealed record Expired(long ResourceVersion, long Oldest) : WatchMessage;

    public sealed record Malformed : WatchMessage;
}

/// <summary>An open watch: its filter and the queue of messages the cluster hands it under its lock.</summary>
internal sealed class WatchSubscription(FakeResource resource, ObjectFilter filter, HttpContext context)
{
    private readonly Channel<WatchMessage> _messages = Channel.CreateUnbounded<WatchMessage>(new UnboundedChannelOptions { SingleReader = true });

    public FakeResource Resource { get; } = resource;

    public ChannelReader<WatchMessage> Messages => _messages.Reader;

    /// <summary>The resourceVersion of the last change queued, named in the 410 the watch gets when history expires.</summary>
    public long LastResourceVersion { get; private set; }

    public void Offer(ClusterChange change)
    {
        if (change.Resource != Resource)
        {
            return;
        }

        var matchesNow = filter.Matches(change.Object);
        var matchedBefore = change.Previous is not null && filter.Matches(change.Previous);
        WatchEventType? type = change.Type switch
        {
            WatchEventType.Deleted => matchesNow ? WatchEventType.Deleted : null,
            _ when matchesNow => matchedBefore ? WatchEventType.Modified : WatchEventType.Added,
            _ => matchedBefore ? WatchEventType.Deleted : null,
        };
        if (type is { } t)
        {
            Send(new WatchMessage.Change(t, change.Object), change.ResourceVersion);
        }
    }

    public void Start(long resourceVersion) => LastResourceVersion = resourceVersion;

    public void Send(WatchMessage message, long resourceVersion = 0)
    {
        LastResourceVersion = Math.Max(LastResourceVersion, resourceVersion);
        _messages.Writer.TryWrite(message);
    }

    public void Expire(long oldest)
    {
        _messages.Writer.TryWrite(new WatchMessage.Expired(LastResourceVersion, oldest));
        _messages.Writer.TryComplete();
    }

    /// <summary>Ends the watch cleanly once what is queued has been written.</summary>
    public void End() => _messages.Writer.TryComplete();

    /// <summary>Resets the connection mid-stream, as a load balancer or a crashing API server would.</summary>
    public void Cut() => context.Abort();
}
