using System.Text.RegularExpressions;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Charts;

/// <summary>
/// With more than one replica the chart grants what leader election needs and no more: a namespaced Role on Leases
/// (create; get and update of the one Lease), only when replicaCount > 1, and the pods get the scale-out settings with
/// the connection string from a Secret. No helm binary exists here, so the templates are read as text.
/// </summary>
public sealed class LeaderElectionRoleTests
{
    private const string ScaleOutCondition = "gt (int .Values.replicaCount) 1";
    private static readonly string Templates = Path.Combine(RepoPaths.Root, "charts", "opsdashboard", "templates");
    private static readonly string Role = File.ReadAllText(Path.Combine(Templates, "leader-election-role.yaml"));
    private static readonly string Deployment = File.ReadAllText(Path.Combine(Templates, "deployment.yaml"));

    [Fact]
    public void The_role_exists_only_with_more_than_one_replica_and_rbac_on()
    {
        var lines = Role.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal($"{{{{- if and .Values.rbac.create ({ScaleOutCondition}) }}}}", lines[0]);
        Assert.Equal("{{- end }}", lines[^1]);
        Assert.Single(Regex.Matches(Role, @"\{\{-? (if|range|with) "));
    }

    [Fact]
    public void The_role_is_namespaced_and_grants_only_get_create_update_on_leases()
    {
        Assert.Contains("kind: Role\n", Role, StringComparison.Ordinal);
        Assert.DoesNotContain("ClusterRole", Role, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(Role, @"namespace: \{\{ \.Release\.Namespace \}\}"));
        Assert.All(Lists("apiGroups"), groups => Assert.Equal(["coordination.k8s.io"], groups));
        Assert.All(Lists("resources"), resources => Assert.Equal(["leases"], resources));
        Assert.Equal(["create", "get", "update"], Lists("verbs").SelectMany(v => v).Order());
        Assert.Equal(RbacRules.Count(Role), Lists("verbs").Count);
    }

    [Fact]
    public void Reading_and_renewing_are_limited_to_the_one_lease_the_app_is_told_to_use()
    {
        var named = Regex.Match(Role, @"resourceNames: \[(?<names>[^\]]*)\]\s*\n\s*verbs: \[(?<verbs>[^\]]*)\]");

        Assert.True(named.Success, "get and update carry resourceNames");
        Assert.Equal("{{ .Values.scaleOut.leaseName | quote }}", named.Groups["names"].Value);
        Assert.Equal("\"get\", \"update\"", named.Groups["verbs"].Value);
        Assert.Contains("name: Dashboard__ScaleOut__Lease__Name\n              value: {{ .Values.scaleOut.leaseName | quote }}", Deployment, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pods_get_scale_out_settings_under_the_same_condition_with_the_connection_string_from_a_secret()
    {
        Assert.Contains($"{{{{- $scaleOut := {ScaleOutCondition} }}}}", Deployment, StringComparison.Ordinal);
        var block = Regex.Match(Deployment, @"\{\{- if \$scaleOut \}\}(?<body>.*?)\{\{- end \}\}", RegexOptions.Singleline);

        Assert.True(block.Success);
        Assert.Contains("Dashboard__ScaleOut__Enabled", block.Groups["body"].Value, StringComparison.Ordinal);
        Assert.Matches(@"Dashboard__ScaleOut__ConnectionString\s+valueFrom:\s+secretKeyRef:", block.Groups["body"].Value);
        Assert.Contains("fieldPath: metadata.name", block.Groups["body"].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("Dashboard__ScaleOut", Deployment.Replace(block.Value, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("fail \"replicaCount > 1 needs PostgreSQL", Deployment, StringComparison.Ordinal);
    }

    private static List<string[]> Lists(string field) => RbacRules.Lists(Role, field);
}
