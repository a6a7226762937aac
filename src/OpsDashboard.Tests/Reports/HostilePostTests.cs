using DotLiquid;
using Markdig;
using OpsDashboard.Reports;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Reports;

/// <summary>
/// The post is built from other people's text: rendered by a real Markdown engine (Markdig) and passed through Liquid
/// as Jekyll does, nothing in a title, login or link may become a tag, a Liquid tag or a foreign link.
/// </summary>
public sealed class HostilePostTests
{
    private static readonly MarkdownPipeline Jekyllish = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static TheoryData<string> Titles => new()
    {
        "Support <template> elements",
        "Add <optgroup> and <transform-function>",
        "<img src=x onerror=alert(1)>",
        "<script>alert(document.cookie)</script>",
        "{{ site.github.token }} in the config",
        "{% raw %} breaks the build",
        "{% endraw %}{{ page }}{% raw %}",
        "first line\n# a heading\r\n- a list item",
        "back\\slash [brackets] *stars* _under_ `code` | pipe ~tilde &amp; entity",
        "1. numbered",
        "- dashed",
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public void A_hostile_title_stays_literal_text_in_Markdown_HTML_and_Liquid(string title)
    {
        var post = Render(new PullRequestBuilder("mozilla/kuma", 4601, title).By("jwhitlock").On(11, 20).Build());

        var html = Markdown.ToHtml(post, Jekyllish);
        Assert.DoesNotContain("<template", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<h1", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<code", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<em", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<ol", html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(html.Split("<li>").Skip(1), li => li.Contains("kuma/pull/4601", StringComparison.Ordinal));

        // The link's text, as a reader sees it, is the title on one line.
        var text = Markdown.ToPlainText(post, Jekyllish);
        Assert.Contains(PostText.Flatten(title), text, StringComparison.Ordinal);

        // Jekyll renders Liquid in posts: the pass must not fail and must find nothing to render.
        var liquid = Template.Parse(post).Render(new RenderParameters(System.Globalization.CultureInfo.InvariantCulture) { ErrorsOutputMode = ErrorsOutputMode.Rethrow });
        Assert.Equal(post, liquid);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://github.com/mozilla/kuma/pull/4601")]
    [InlineData("https://evil.example/mozilla/kuma/pull/4601")]
    [InlineData("https://user:pw@github.com/mozilla/kuma/pull/4601")]
    [InlineData("not a url")]
    public void A_link_that_is_not_https_to_the_GitHub_host_is_rebuilt_from_repo_and_number(string htmlUrl)
    {
        var pr = new PullRequestBuilder("mozilla/kuma", 4601, "Fix the compat table").By("jwhitlock").On(11, 20).Build() with { Url = htmlUrl };

        var post = Render(pr);

        Assert.Contains("- [Fix the compat table](https://github.com/mozilla/kuma/pull/4601) ([@jwhitlock](https://github.com/jwhitlock))", post, StringComparison.Ordinal);
        Assert.DoesNotContain(htmlUrl, post, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GitHub_Enterprise_host_is_the_one_links_may_point_to()
    {
        var options = December2017.Options();
        options.GitHub.BaseUrl = "https://github.example.com/api/v3/";
        var kept = new PullRequestBuilder("mozilla/kuma", 1, "Kept").On(11, 20).Build() with { Url = "https://github.example.com/mozilla/kuma/pull/1" };
        var rebuilt = new PullRequestBuilder("mozilla/kuma", 2, "Rebuilt").On(11, 21).Build();

        var post = Render(options, kept, rebuilt);

        Assert.Contains("[Kept](https://github.example.com/mozilla/kuma/pull/1) ([@metadave](https://github.example.com/metadave))", post, StringComparison.Ordinal);
        Assert.Contains("[Rebuilt](https://github.example.com/mozilla/kuma/pull/2)", post, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("Daniel D. Beck", "Daniel D. Beck")]
    [InlineData("evil](javascript:alert(1))", "evil\\](javascript:alert(1))")]
    public void An_author_that_is_no_login_is_escaped_and_not_linked(string author, string written)
    {
        var post = Render(new PullRequestBuilder("mozilla/kuma", 4601, "Fix").By(author).On(11, 20).Build());

        Assert.Contains($"- [Fix](https://github.com/mozilla/kuma/pull/4601) ({written})", post, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", Markdown.ToHtml(post, Jekyllish), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", Markdown.ToHtml(post, Jekyllish), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bot_is_mentioned_with_its_app_page()
    {
        var options = December2017.Options();
        options.ExcludeBots = false;

        var post = Render(options, new PullRequestBuilder("mozilla/kuma", 4601, "Bump").By("dependabot[bot]").On(11, 20).Build());

        Assert.Contains("([@dependabot\\[bot\\]](https://github.com/apps/dependabot))", post, StringComparison.Ordinal);
    }

    [Fact]
    public void Front_matter_values_are_quoted_so_a_colon_in_the_team_name_keeps_the_YAML_valid()
    {
        var options = December2017.Options();
        options.Team = "SRE: \"Ops\" #1";
        options.Author = "Dave: Parfitt";

        var post = Render(options, new PullRequestBuilder("mozilla/kuma", 4601, "Fix").On(11, 20).Build());

        Assert.Contains("title: \"SRE: \\\"Ops\\\" #1 Status Report - December 5, 2017\"\n", post, StringComparison.Ordinal);
        Assert.Contains("author: \"Dave: Parfitt\"\n", post, StringComparison.Ordinal);
    }

    private static string Render(MergedPullRequest pr) => Render(December2017.Options(), pr);

    private static string Render(ReportOptions options, params MergedPullRequest[] prs)
    {
        var report = new WeeklyReportBuilder(options).Build(December2017.Window, new SourceReading(prs, new HashSet<string>(), "test"));
        return ReportRenderer.Default(options.DateStyle).Render(report, options);
    }
}
