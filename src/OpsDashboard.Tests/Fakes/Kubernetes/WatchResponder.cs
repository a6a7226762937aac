using System.Globalization;
using k8s;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// Watches: a chunked <c>application/json</c> stream of one <c>{"type":...,"object":...}</c> line per event, flushed
/// line by line, resumed from the history after <c>resourceVersion</c>, with bookmarks when asked for and a clean end
/// after <c>timeoutSeconds</c>. A resourceVersion older than the history gets one ERROR event with a 410 Status.
/// </summary>
internal sealed class WatchResponder(FakeCluster cluster, FakeKubernetesFaults faults, FakeKubernetesStats stats, TableWriter tables, FakeKubernetesOptions options)
{
    // The real server picks a random timeout between 30 and 60 minutes when the client sets none.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task WatchAsync(HttpContext context, ResourceRequest request, ObjectFilter filter, CancellationToken serverStopping)
    {
        var query = context.Request.Query;
        long? from = null;
        if (query["resourceVersion"].ToString() is { Length: > 0 } rv and not "0")
        {
            if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await StatusResponses.WriteAsync(context, stats, StatusCodes.Status400BadRequest, $"invalid resource version: {rv}");
                return;
            }

            from = parsed;
        }

        if (faults.ExpireEveryWatch)
        {
            var answer = ResponseBody.Start(context, stats);
            var now = cluster.ResourceVersion;
            WriteLine(answer, new EventFormat(request.Resource, false, ""), new WatchMessage.Expired(from ?? now, now + 1));
            await answer.FlushAsync(context.RequestAborted);
            return;
        }

        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
        var format = new EventFormat(request.Resource, TableWriter.IsWanted(context.Request), query["includeObject"].ToString());
        var watch = new WatchSubscription(request.Resource, filter, context);
        var (subscribed, oldest) = cluster.Subscribe(watch, filter, from);
        var body = ResponseBody.Start(context, stats);
        if (subscribed is null)
        {
            WriteLine(body, format, new WatchMessage.Expired(from!.Value, oldest));
            await body.FlushAsync(context.RequestAborted);
            return;
        }

        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        using var timeoutSource = new CancellationTokenSource(timeout, options.TimeProvider);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, timeoutSource.Token);
        var bookmarks = query["allowWatchBookmarks"] == "true" && options.BookmarkInterval > TimeSpan.Zero
            ? SendBookmarksAsync(watch, reading.Token)
            : Task.CompletedTask;
        stats.WatchOpened();
        var silences = faults.Silences;

        // Open when the server went silent: a dead flow, whatever becomes of the server after; only the client ends it.
        async Task WhileDeadAsync()
        {
            if (faults.Silences != silences)
            {
                await Task.Delay(Timeout.Infinite, lifetime.Token);
            }
        }

        try
        {
            await body.FlushAsync(lifetime.Token);
            await foreach (var message in watch.Messages.ReadAllAsync(reading.Token))
            {
                await WhileHangingAsync(lifetime.Token);
                await WhileDeadAsync();
                WriteLine(body, format, message);
                await body.FlushAsync(lifetime.Token);
            }

            await WhileDeadAsync();
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !lifetime.IsCancellationRequested)
        {
            // A hung API server does not even end its watches cleanly.
            await WhileHangingAsync(lifetime.Token);
            await WhileDeadAsync();
        }
        catch (Exception) when (lifetime.IsCancellationRequested)
        {
            // The client went away, CutWatches reset the connection, or the server is stopping and resets it below.
        }
        finally
        {
            cluster.Unsubscribe(watch);
            await reading.CancelAsync();
            await bookmarks;
            stats.WatchClosed();
            if (serverStopping.IsCancellationRequested)
            {
                context.Abort();
            }
        }
    }

    private async Task WhileHangingAsync(CancellationToken cancellationToken)
    {
        if (!faults.HangWatches)
        {
            return;
        }

        stats.WatchHeld(true);
        try
        {
            await faults.WhileHangingAsync(cancellationToken);
        }
        finally
        {
            stats.WatchHeld(false);
        }
    }

    private async Task SendBookmarksAsync(WatchSubscription watch, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.BookmarkInterval, options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!faults.HangWatches)
                {
                    cluster.Bookmark(watch);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ended.
        }
    }

    private void WriteLine(ResponseBody body, EventFormat format, WatchMessage message)
    {
        var resource = format.Resource;
        switch (message)
        {
            case WatchMessage.Change change:
                body.Write($"{{\"type\":\"{TypeName(change.Type)}\",\"object\":");
                if (format.Table)
                {
                    tables.WriteWatchObject(body, resource, change.Object, format.IncludeObject, withColumns: format.TakeColumns());
                }
                else
                {
                    body.WriteWithKind(resource, change.Object);
                }

                break;
            case WatchMessage.Bookmark bookmark:
                body.Write($"{{\"type\":\"BOOKMARK\",\"object\":{{\"kind\":\"{resource.Kind}\",\"apiVersion\":\"{resource.ApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{bookmark.ResourceVersion}\"}}}}");
                break;
            case WatchMessage.Expired expired:
                stats.GoneSentOnce();
                body.Write("{\"type\":\"ERROR\",\"object\":"u8);
                body.Write(StatusResponses.TooOldResourceVersion(expired.ResourceVersion, expired.Oldest));
                break;
            case WatchMessage.Malformed:
                body.Write($"{{\"type\":\"MODIFIED\",\"object\":{{\"kind\":\"{resource.Kind}\",\"metadata\":{{\"name\":\n");
                return;
        }

        body.Write("}\n"u8);
    }

    private static string TypeName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    /// <summary>How one watch writes its objects; in table form only the first event carries the column definitions.</summary>
    private sealed class EventFormat(FakeResource resource, bool table, string includeObject)
    {
        private bool _columnsSent;

        public FakeResource Resource { get; } = resource;

        public bool Table { get; } = table;

        public string IncludeObject { get; } = includeObject;

        public bool TakeColumns() => !_columnsSent && (_columnsSent = true);
    }
}
