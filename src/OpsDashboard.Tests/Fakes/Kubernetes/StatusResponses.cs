using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>The <c>Status</c> objects a real API server answers errors with, field for field.</summary>
internal static class StatusResponses
{
    public const string ContinueExpiredMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

    public static byte[] Json(int code, string message, string? reason = null, string? name = null, string? kind = null, string? group = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "Status");
            json.WriteString("apiVersion", "v1");
            json.WriteStartObject("metadata");
            json.WriteEndObject();
            json.WriteString("status", "Failure");
            json.WriteString("message", message);
            json.WriteString("reason", reason ?? ReasonFor(code));
            if (name is not null || kind is not null)
            {
                json.WriteStartObject("details");
                WriteIfSet(json, "name", name);
                WriteIfSet(json, "group", group);
                WriteIfSet(json, "kind", kind);
                json.WriteEndObject();
            }

            json.WriteNumber("code", code);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] TooOldResourceVersion(long requested, long oldest) =>
        Json(StatusCodes.Status410Gone, $"too old resource version: {requested} ({oldest})", "Expired");

    public static async Task WriteAsync(HttpContext context, FakeKubernetesStats stats, int code, string message, string? reason = null, string? name = null, string? kind = null, string? group = null)
    {
        if (code == StatusCodes.Status410Gone)
        {
            stats.GoneSentOnce();
        }

        var body = ResponseBody.Start(context, stats, code);
        body.Write(Json(code, message, reason, name, kind, group));
        await body.FlushAsync(context.RequestAborted);
    }

    public static Task NotFoundAsync(HttpContext context, FakeKubernetesStats stats, FakeResource resource, string name) =>
        WriteAsync(context, stats, StatusCodes.Status404NotFound, $"{resource.Plural} \"{name}\" not found", name: name, kind: resource.Plural);

    /// <summary>A create of a name that exists, word for word as the API server says it.</summary>
    public static Task AlreadyExistsAsync(HttpContext context, FakeKubernetesStats stats, FakeResource resource, string name) =>
        WriteAsync(context, stats, StatusCodes.Status409Conflict, $"{resource.QualifiedName} \"{name}\" already exists", "AlreadyExists", name, resource.Plural, NullIfEmpty(resource.Group));

    /// <summary>A replace with a stale resourceVersion (optimistic concurrency), word for word as the API server says it.</summary>
    public static Task ConflictAsync(HttpContext context, FakeKubernetesStats stats, FakeResource resource, string name) =>
        WriteAsync(context, stats, StatusCodes.Status409Conflict,
            $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            "Conflict", name, resource.Plural, NullIfEmpty(resource.Group));

    public static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "",
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static void WriteIfSet(Utf8JsonWriter json, string property, string? value)
    {
        if (value is not null)
        {
            json.WriteString(property, value);
        }
    }
}
