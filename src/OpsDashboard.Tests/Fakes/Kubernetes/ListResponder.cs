using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>One page of a list: the items, and the metadata the real server puts beside them.</summary>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);

/// <summary>
/// Single GETs and lists: <c>limit</c>/<c>continue</c> pagination over a pinned snapshot, <c>remainingItemCount</c> when
/// no selector hides how many remain, and items written from their stored bytes without kind or apiVersion.
/// </summary>
internal sealed class ListResponder(FakeCluster cluster, FakeKubernetesFaults faults, FakeKubernetesStats stats, TableWriter tables, TimeProvider timeProvider)
{
    public async Task GetAsync(HttpContext context, ResourceRequest request)
    {
        var obj = cluster.Get(request.Resource, request.Namespace, request.Name!);
        if (obj is null)
        {
            await StatusResponses.NotFoundAsync(context, stats, request.Resource, request.Name!);
            return;
        }

        if (TableWriter.IsWanted(context.Request))
        {
            await tables.WriteListAsync(context, request.Resource, new ListPage([obj], obj.ResourceVersion, null, null));
            return;
        }

        var body = ResponseBody.Start(context, stats);
        body.WriteWithKind(request.Resource, obj);
        await body.FlushAsync(context.RequestAborted);
    }

    public async Task ListAsync(HttpContext context, ResourceRequest request, ObjectFilter filter)
    {
        if (faults.ListFailure is { } code)
        {
            await StatusResponses.WriteAsync(context, stats, code, $"the fake API server fails lists with {code} until StopFailingLists()");
            return;
        }

        if (faults.GarbleLists)
        {
            await WriteGarbageAsync(context, request.Resource);
            return;
        }

        if (faults.ListDelay > TimeSpan.Zero)
        {
            // Counted only once the timer exists, so a test that advances the fake clock after seeing it cannot miss it.
            var delay = Task.Delay(faults.ListDelay, timeProvider, context.RequestAborted);
            stats.ListHeld(true);
            try
            {
                await delay;
            }
            finally
            {
                stats.ListHeld(false);
            }
        }

        var query = context.Request.Query;
        var limit = long.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
        ListSnapshot snapshot;
        int start;
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            (long ResourceVersion, string StartKey) position;
            try
            {
                position = ContinueToken.Decode(token);
            }
            catch (FormatException e)
            {
                await StatusResponses.WriteAsync(context, stats, StatusCodes.Status400BadRequest, e.Message);
                return;
            }

            var pinned = cluster.Pinned(request.Resource, position.ResourceVersion);
            if (pinned is null)
            {
                await StatusResponses.WriteAsync(context, stats, StatusCodes.Status410Gone, StatusResponses.ContinueExpiredMessage, "Expired");
                return;
            }

            (snapshot, start) = (pinned, pinned.LowerBound(position.StartKey));
        }
        else
        {
            snapshot = cluster.Snapshot(request.Resource);
            start = request.Namespace is null ? 0 : snapshot.LowerBound(request.Namespace + "/");
        }

        // Keys sort as "namespace/name" and '0' follows '/', so a namespace's objects end where "namespace0" would start.
        var end = request.Namespace is null ? snapshot.Items.Count : snapshot.LowerBound(request.Namespace + "0");
        var page = Page(snapshot, start, end, limit, filter);
        if (page.Continue is not null)
        {
            cluster.Pin(request.Resource, snapshot);
        }

        stats.ListServed();
        if (TableWriter.IsWanted(context.Request))
        {
            await tables.WriteListAsync(context, request.Resource, page);
            return;
        }

        await WriteListAsync(context, request.Resource, page);
    }

    private static ListPage Page(ListSnapshot snapshot, int start, int end, long limit, ObjectFilter filter)
    {
        var items = new List<StoredObject>(limit > 0 ? (int)Math.Min(limit, end - start) : 0);
        var index = start;
        for (; index < end && (limit <= 0 || items.Count < limit); index++)
        {
            var item = snapshot.Items[index];
            if (filter.Matches(item))
            {
                items.Add(item);
            }
        }

        if (index >= end)
        {
            return new ListPage(items, snapshot.ResourceVersion, null, null);
        }

        var token = ContinueToken.Encode(snapshot.ResourceVersion, snapshot.Items[index - 1].Key);
        return new ListPage(items, snapshot.ResourceVersion, token, filter.HasSelectors ? null : end - index);
    }

    private async Task WriteListAsync(HttpContext context, FakeResource resource, ListPage page)
    {
        var cancellationToken = context.RequestAborted;
        var body = ResponseBody.Start(context, stats);
        body.Write($"{{\"kind\":\"{resource.ListKind}\",\"apiVersion\":\"{resource.ApiVersion}\",\"metadata\":{ListMetadata(page)},\"items\":[");
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(page.Items[i].Json);
            await body.FlushIfFullAsync(cancellationToken);
        }

        body.Write("]}"u8);
        await body.FlushAsync(cancellationToken);
    }

    private async Task WriteGarbageAsync(HttpContext context, FakeResource resource)
    {
        var body = ResponseBody.Start(context, stats);
        body.Write($"{{\"kind\":\"{resource.ListKind}\",\"apiVersion\":\"{resource.ApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{cluster.ResourceVersion}\"}},\"items\":[{{\"metadata\":");
        body.Write("<html><body>502 Bad Gateway</body></html>"u8);
        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary><c>{"resourceVersion":"N","continue":"...","remainingItemCount":M}</c>, as the real ListMeta orders them.</summary>
    public static string ListMetadata(ListPage page)
    {
        var metadata = $"{{\"resourceVersion\":\"{page.ResourceVersion}\"";
        if (page.Continue is not null)
        {
            metadata += $",\"continue\":\"{page.Continue}\"";
        }

        if (page.RemainingItemCount is { } remaining)
        {
            metadata += $",\"remainingItemCount\":{remaining}";
        }

        return metadata + "}";
    }
}
