namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>A kubeconfig with one cluster, one user with a bearer token and one context, all named after the context.</summary>
internal static class FakeKubeconfig
{
    public static string Write(string path, Uri server, string contextName, string token, bool skipTlsVerify)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var name = Quote(contextName);
        File.WriteAllText(fullPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {name}
              cluster:
                server: {Quote(server.GetLeftPart(UriPartial.Authority))}
                insecure-skip-tls-verify: {(skipTlsVerify ? "true" : "false")}
            users:
            - name: {name}
              user:
                token: {Quote(token)}
            contexts:
            - name: {name}
              context:
                cluster: {name}
                user: {name}
            current-context: {name}

            """);
        return fullPath;
    }

    private static string Quote(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
