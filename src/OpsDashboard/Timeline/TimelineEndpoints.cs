using System.Text;
using OpsDashboard.History;

namespace OpsDashboard.Timeline;

/// <summary>The postmortem export as a file at an address of its own, so it can be downloaded or fetched with curl.</summary>
public static class TimelineEndpoints
{
    public const string Postmortem = "/timeline/postmortem.md";

    public static IEndpointRouteBuilder MapTimelineExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Postmortem, async (HttpContext http, HistoryDatabase database, PostmortemExportLimit limit, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var (query, errors) = TriageQuery.Parse(http.Request.Query.ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString(), StringComparer.Ordinal));
            if (errors.Count > 0)
            {
                return Results.Text(string.Join('\n', errors), "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }

            using var slot = limit.TryStart();
            if (!slot.IsAcquired)
            {
                http.Response.Headers.RetryAfter = PostmortemExportLimit.RetryAfterSeconds;
                return Results.Text(limit.BusyReason, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var now = time.GetUtcNow();
            var frozen = query.Frozen(now);
            var filter = frozen.Filter(now);
            try
            {
                var export = await TriageReads.ReadPostmortemAsync(database, filter, cancellationToken);
                var view = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/timeline{frozen.ToQueryString()}";
                var markdown = PostmortemWriter.Write(frozen, export, view, now);
                return Results.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", PostmortemWriter.FileName(frozen, now));
            }
            catch (HistoryUnavailableException ex)
            {
                return Results.Text(ex.Message, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
