using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>A request for objects of one resource: all of them, those of one namespace, or one by name.</summary>
internal sealed record ResourceRequest(FakeResource Resource, string? Namespace, string? Name);

/// <summary>
/// Reads a request as the real API server would: bearer token, then the path (discovery, or
/// <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}]</c> and <c>/apis/{group}/{version}/...</c>), then list, watch or get, or
/// for a Lease create or replace.
/// Everything it cannot serve is a Status, never an empty body.
/// </summary>
internal sealed class ApiRouter(FakeKubernetesOptions options, FakeKubernetesFaults faults, FakeKubernetesStats stats, DiscoveryDocuments discovery, ListResponder lists, WatchResponder watches, WriteResponder writes)
{
    public async Task HandleAsync(HttpContext context, CancellationToken serverStopping)
    {
        var request = context.Request;
        stats.Request($"{request.Method} {request.Path}{request.QueryString} [Accept: {request.Headers.Accept}]");
        if (faults.Silent && !await HoldWhileSilentAsync(context.RequestAborted, serverStopping))
        {
            return;
        }

        var path = request.Path.Value ?? "/";
        if (path is "/readyz" or "/livez" or "/healthz")
        {
            // Open to anyone, as the API server's system:public-info-viewer role has them.
            await WriteProbeAnswerAsync(context);
            return;
        }

        if (options.RequiredToken is { } token && request.Headers.Authorization != $"Bearer {token}")
        {
            await StatusResponses.WriteAsync(context, stats, StatusCodes.Status401Unauthorized, "Unauthorized");
            return;
        }

        if (discovery.TryGet(path, context.Connection.LocalPort, out var document))
        {
            var body = ResponseBody.Start(context, stats);
            body.Write(document);
            await body.FlushAsync(context.RequestAborted);
            return;
        }

        if (Parse(path) is not { } target)
        {
            await StatusResponses.WriteAsync(context, stats, StatusCodes.Status404NotFound, "the server could not find the requested resource");
            return;
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            await writes.WriteAsync(context, target);
            return;
        }

        if (target.Name is not null)
        {
            await lists.GetAsync(context, target);
            return;
        }

        ObjectFilter filter;
        try
        {
            filter = new ObjectFilter(target.Resource, target.Namespace, request.Query["labelSelector"], request.Query["fieldSelector"]);
        }
        catch (FormatException e)
        {
            await StatusResponses.WriteAsync(context, stats, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        if (request.Query["watch"] is ["true"] or ["1"])
        {
            await watches.WatchAsync(context, target, filter, serverStopping);
        }
        else
        {
            await lists.ListAsync(context, target, filter);
        }
    }

    /// <summary>Holds a request without headers until the server answers again; false when the client gave up first.</summary>
    private async Task<bool> HoldWhileSilentAsync(CancellationToken requestAborted, CancellationToken serverStopping)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, serverStopping);
        stats.Silenced(true);
        try
        {
            await faults.WhileSilentAsync(gone.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            stats.Silenced(false);
        }
    }

    private async Task WriteProbeAnswerAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        stats.ProbeServed();
        await context.Response.WriteAsync("ok", context.RequestAborted);
    }

    private static ResourceRequest? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (group, rest) = segments switch
        {
            ["api", "v1", .. var r] => ("", r),
            ["apis", var g, var v, .. var r] when ResourceCatalog.Groups.Contains((g, v)) => (g, r),
            _ => (null, []),
        };
        if (group is null)
        {
            return null;
        }

        return rest switch
        {
            ["namespaces", var ns, var plural] => Namespaced(group, plural, ns, null),
            ["namespaces", var ns, var plural, var name] => Namespaced(group, plural, ns, name),
            [var plural] when ResourceCatalog.Find(group, plural) is { } r => new ResourceRequest(r, null, null),
            [var plural, var name] when ResourceCatalog.Find(group, plural) is { Namespaced: false } r => new ResourceRequest(r, null, name),
            _ => null,
        };
    }

    private static ResourceRequest? Namespaced(string group, string plural, string ns, string? name) =>
        ResourceCatalog.Find(group, plural) is { Namespaced: true } resource ? new ResourceRequest(resource, ns, name) : null;
}
