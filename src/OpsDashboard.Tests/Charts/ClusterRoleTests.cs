using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Charts;

/// <summary>
/// The chart's ClusterRole is read-only. No helm binary exists here, so the rules are read from the template text:
/// every rule's resources and verbs are inline lists.
/// </summary>
public sealed class ClusterRoleTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(RepoPaths.Root, "charts", "opsdashboard", "templates", "clusterrole.yaml"));

    [Fact]
    public void Rules_grant_only_get_list_and_watch()
    {
        var verbs = Lists("verbs");

        Assert.NotEmpty(verbs);
        Assert.All(verbs.SelectMany(v => v), verb => Assert.Contains(verb, new[] { "get", "list", "watch" }));
    }

    [Fact]
    public void Rules_never_touch_secrets_node_proxies_or_wildcards()
    {
        var resources = Lists("resources").SelectMany(r => r).ToList();
        var groups = Lists("apiGroups").SelectMany(g => g).ToList();

        Assert.Contains("pods", resources);
        Assert.DoesNotContain("secrets", resources);
        Assert.DoesNotContain(resources, r => r.StartsWith("nodes/", StringComparison.Ordinal));
        Assert.DoesNotContain("*", resources.Concat(groups).Concat(Lists("verbs").SelectMany(v => v)));
    }

    [Fact]
    public void Every_resource_a_panel_watches_is_granted_and_autoscaling_grants_only_horizontalpodautoscalers()
    {
        var resources = Lists("resources").SelectMany(r => r).ToHashSet(StringComparer.Ordinal);
        var autoscaling = Lists("apiGroups").Zip(Lists("resources")).Where(rule => rule.First.Contains("autoscaling")).SelectMany(rule => rule.Second).ToList();

        Assert.All(OpsDashboard.Panels.DashboardPanels.KubernetesResources, watched => Assert.Contains(watched.Name, resources));
        Assert.Equal(["horizontalpodautoscalers"], autoscaling);
    }

    [Fact]
    public void Every_rule_is_written_as_inline_lists_so_this_test_sees_it()
    {
        var rules = RbacRules.Count(Template);

        Assert.Equal(rules, Lists("resources").Count);
        Assert.Equal(rules, Lists("verbs").Count);
    }

    private static List<string[]> Lists(string field) => RbacRules.Lists(Template, field);
}
