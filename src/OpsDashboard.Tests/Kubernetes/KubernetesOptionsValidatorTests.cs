using OpsDashboard.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Kubernetes;

public sealed class KubernetesOptionsValidatorTests : IDisposable
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: oregon-a
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: sre
          user:
            token: abc
        contexts:
        - name: oregon-a
          context:
            cluster: oregon-a
            user: sre
        current-context: oregon-a
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteKubeconfig(string text = Kubeconfig)
    {
        var path = _dir.File("kubeconfig");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_context_that_is_in_the_kubeconfig_is_accepted()
    {
        var options = new KubernetesOptions { Clusters = [new() { Name = "oregon-a", Context = "oregon-a", Kubeconfig = WriteKubeconfig() }] };

        Assert.True(new KubernetesOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_missing_context_names_the_key_and_the_contexts_there_are()
    {
        var options = new KubernetesOptions { Clusters = [new() { Name = "tokyo", Context = "tokyo", Kubeconfig = WriteKubeconfig() }] };

        var result = new KubernetesOptionsValidator().Validate(null, options);

        Assert.Equal($"Dashboard:Kubernetes:Clusters:0:Context \"tokyo\" is not in {_dir.File("kubeconfig")} (it has: oregon-a).", result.FailureMessage);
    }

    [Fact]
    public void A_missing_or_unreadable_kubeconfig_is_a_start_up_error()
    {
        var missing = new KubernetesOptions { Clusters = [new() { Context = "x", Kubeconfig = _dir.File("nope") }] };
        var garbage = new KubernetesOptions { Clusters = [new() { Context = "x", Kubeconfig = WriteKubeconfig("clusters: [ {{{ not yaml") }] };

        Assert.StartsWith("Dashboard:Kubernetes:Clusters:0:Kubeconfig: the file", new KubernetesOptionsValidator().Validate(null, missing).FailureMessage, StringComparison.Ordinal);
        Assert.StartsWith("Dashboard:Kubernetes:Clusters:0:Kubeconfig: cannot read", new KubernetesOptionsValidator().Validate(null, garbage).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_and_empty_contexts_are_reported_together()
    {
        var options = new KubernetesOptions
        {
            Clusters = [new() { Name = "a", InCluster = true }, new() { Name = "a", Context = "" }],
        };

        var failures = new KubernetesOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Kubernetes:Clusters:1:Name \"a\" is used by another cluster", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Kubernetes:Clusters:1:Context is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:00:00.5000000")]
    [InlineData("00:03:00")]
    public void A_response_timeout_under_a_second_or_not_shorter_than_the_idle_timeout_is_refused(string timeout)
    {
        var options = new KubernetesOptions { ResponseTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(
            $"Dashboard:Kubernetes:ResponseTimeout must be at least 00:00:01 and shorter than WatchIdleTimeout (00:03:00); got {timeout}.",
            new KubernetesOptionsValidator().Validate(null, options).FailureMessage);
    }
}
