using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// Create (POST to the collection, 201) and replace (PUT to the object, 200) of a writable resource, with the API
/// server's checks: the body's name and namespace must agree with the path, a name is created once (409 AlreadyExists),
/// a replace must carry the stored resourceVersion (409 Conflict) or none at all. Answers carry the stored object.
/// </summary>
internal sealed class WriteResponder(FakeCluster cluster, FakeKubernetesStats stats)
{
    public async Task WriteAsync(HttpContext context, ResourceRequest target)
    {
        var create = HttpMethods.IsPost(context.Request.Method);
        if (!target.Resource.Writable || !(create ? target.Name is null : HttpMethods.IsPut(context.Request.Method) && target.Name is not null) || target.Namespace is null)
        {
            await StatusResponses.WriteAsync(context, stats, StatusCodes.Status405MethodNotAllowed,
                $"{context.Request.Method} is not supported by the fake API server here: it writes only Leases (create and replace)");
            return;
        }

        IKubernetesObject<V1ObjectMeta> obj;
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            obj = target.Resource.Decode(body.ToArray());
        }
        catch (System.Text.Json.JsonException e)
        {
            await StatusResponses.WriteAsync(context, stats, StatusCodes.Status400BadRequest, $"the body is not a {target.Resource.Kind}: {e.Message}");
            return;
        }

        obj.Metadata ??= new V1ObjectMeta();
        if (string.IsNullOrEmpty(obj.Metadata.Name) || (target.Name is { } name && obj.Metadata.Name != name))
        {
            await StatusResponses.WriteAsync(context, stats, create ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
                create ? $"{target.Resource.Kind} \"\" is invalid: metadata.name: Required value: name or generateName is required" : "the name of the object does not match the name on the URL");
            return;
        }

        if (obj.Metadata.NamespaceProperty is { } ns && ns != target.Namespace)
        {
            await StatusResponses.WriteAsync(context, stats, StatusCodes.Status400BadRequest, "the namespace of the provided object does not match the namespace sent on the request");
            return;
        }

        obj.Metadata.NamespaceProperty = target.Namespace;
        if (create)
        {
            obj.Metadata.ResourceVersion = null;
        }

        var (stored, status) = cluster.Write(target.Resource, obj, create);
        switch (status)
        {
            case StatusCodes.Status404NotFound:
                await StatusResponses.NotFoundAsync(context, stats, target.Resource, obj.Metadata.Name);
                return;
            case StatusCodes.Status409Conflict when create:
                await StatusResponses.AlreadyExistsAsync(context, stats, target.Resource, obj.Metadata.Name);
                return;
            case StatusCodes.Status409Conflict:
                stats.Conflict();
                await StatusResponses.ConflictAsync(context, stats, target.Resource, obj.Metadata.Name);
                return;
        }

        var response = ResponseBody.Start(context, stats, status);
        response.WriteWithKind(target.Resource, stored!);
        await response.FlushAsync(context.RequestAborted);
    }
}
