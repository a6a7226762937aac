namespace OpsDashboard.Cli;

/// <summary>
/// <c>OpsDashboard healthcheck [url]</c>: asks a running dashboard's liveness endpoint and exits 0 or 1. The runtime
/// image has no curl, so the Dockerfile's HEALTHCHECK uses this.
/// </summary>
public static class HealthcheckCommand
{
    public const string Name = "healthcheck";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var url = args.Count > 0 ? args[0] : "http://127.0.0.1:8080/healthz/live";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            await error.WriteLineAsync($"healthcheck: \"{url}\" is not an absolute URL, e.g. http://127.0.0.1:8080/healthz/live");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await error.WriteLineAsync($"healthcheck: {uri} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: {uri} did not answer: {ex.Message}");
        }

        return 1;
    }
}
