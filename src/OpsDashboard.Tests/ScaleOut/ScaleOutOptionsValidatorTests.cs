using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.ScaleOut;

public sealed class ScaleOutOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Complete, electing through a kubeconfig (the tests do not run in a pod).</summary>
    private ScaleOutOptions Valid()
    {
        var kubeconfig = _dir.File("kubeconfig.yaml");
        File.WriteAllText(kubeconfig, "apiVersion: v1\nkind: Config\n");
        return new()
        {
            Enabled = true,
            ConnectionString = "Host=db;Database=opsdashboard;Username=opsdashboard;Password=hunter2-secret",
            Lease = { InCluster = false, Kubeconfig = kubeconfig, Context = "fake", Namespace = "ops" },
        };
    }

    [Fact]
    public void Off_is_valid_whatever_else_is_set()
    {
        var result = new ScaleOutOptionsValidator().Validate(null, new ScaleOutOptions { Enabled = false, Lease = { Name = "" } });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void A_complete_configuration_is_valid()
    {
        Assert.True(new ScaleOutOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData("no-connection-string", "Dashboard:ScaleOut:ConnectionString is empty")]
    [InlineData("no-host", "Dashboard:ScaleOut:ConnectionString names no Host")]
    [InlineData("bad-keyword", "Dashboard:ScaleOut:ConnectionString is not an Npgsql connection string")]
    [InlineData("no-lease-name", "Dashboard:ScaleOut:Lease:Name is empty")]
    [InlineData("no-context", "Dashboard:ScaleOut:Lease:Context is empty while Dashboard:ScaleOut:Lease:InCluster is false")]
    [InlineData("no-kubeconfig", "Dashboard:ScaleOut:Lease:Kubeconfig: the file")]
    [InlineData("not-in-a-pod", "Dashboard:ScaleOut:Lease:InCluster is true but this process is not in a Kubernetes pod")]
    [InlineData("timings", "Dashboard:ScaleOut:Lease: need 0 < RetryPeriod < RenewDeadline < LeaseDuration")]
    [InlineData("fractional-lease", "Dashboard:ScaleOut:Lease:LeaseDuration must be whole seconds")]
    public void Each_mistake_names_its_key(string mistake, string expected)
    {
        var options = Valid();
        switch (mistake)
        {
            case "no-connection-string": options.ConnectionString = " "; break;
            case "no-host": options.ConnectionString = "Database=x;Password=hunter2-secret"; break;
            case "bad-keyword": options.ConnectionString = "Hots=db;Password=hunter2-secret"; break;
            case "no-lease-name": options.Lease.Name = ""; break;
            case "no-context": options.Lease.Context = null; break;
            case "no-kubeconfig": options.Lease.Kubeconfig = _dir.File("missing.yaml"); break;
            case "not-in-a-pod": options.Lease.InCluster = true; break;
            case "timings": options.Lease.RenewDeadline = TimeSpan.FromSeconds(20); break;
            default: options.Lease.LeaseDuration = TimeSpan.FromSeconds(15.5); break;
        }

        var result = new ScaleOutOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2-secret", result.FailureMessage, StringComparison.Ordinal);
    }
}
