using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using OpsDashboard.Components.Live;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Security;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>The silence form on a tile's detail page (in its data status bar): for signed-in users, never kiosk displays.</summary>
public sealed class SilenceFormTests : IAsyncDisposable
{
    private readonly SilenceTestContext _ctx = SilenceTestContext.Create();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Fact]
    public void A_signed_in_user_silences_the_tile_from_its_page_with_the_matcher_prefilled_and_the_silence_is_stored_under_their_name()
    {
        var entry = new TileEntryBuilder().For(NodesPanel.Kind, "tokyo", "tokyo").TakenAt(DashboardTestContext.Start).Build();
        var page = RenderBar(entry, Person("alice", DashboardAuthenticationHandler.UserRole));

        Assert.Equal("cluster=tokyo,panel=nodes", page.Find("[data-silence-match]").GetAttribute("value"));
        page.Find("[data-silence-reason]").Change("kernel upgrade");
        page.Find("[data-silence-for]").Change("90m");
        page.Find("[data-silence-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("silenced cluster=tokyo,panel=nodes until 13:30 UTC", page.Find("[data-silence-outcome]").TextContent));
        var book = _ctx.Silences;
        var silence = book.Over(entry.Key, DashboardTestContext.Start.AddMinutes(1));
        Assert.NotNull(silence);
        Assert.Equal(("alice", "kernel upgrade", DashboardTestContext.Start.AddMinutes(90)), (silence.CreatedBy, silence.Reason, silence.EndsAt));
    }

    [Fact]
    public void A_silence_without_a_reason_is_refused_saying_why()
    {
        var entry = new TileEntryBuilder().For(NodesPanel.Kind, "tokyo", "tokyo").TakenAt(DashboardTestContext.Start).Build();
        var page = RenderBar(entry, Person("alice", DashboardAuthenticationHandler.UserRole));

        page.Find("[data-silence-form]").Submit();

        page.WaitForAssertion(() => Assert.StartsWith("not set: say why", page.Find("[data-silence-outcome]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_ctx.Silences.Known);
    }

    [Fact]
    public void A_kiosk_display_and_a_page_without_a_signed_in_user_get_no_silence_form()
    {
        var entry = new TileEntryBuilder().For(NodesPanel.Kind, "tokyo", "tokyo").TakenAt(DashboardTestContext.Start).Build();

        var kiosk = RenderBar(entry, Person("lobby wall", KioskAccess.Role));
        var nobody = _ctx.Render<DataStatusBar>(p => p.Add(b => b.Entry, entry).Add(b => b.Now, DashboardTestContext.Start));

        Assert.NotEmpty(kiosk.FindAll("[data-status]"));
        Assert.Empty(kiosk.FindAll("[data-silence-form]"));
        Assert.Empty(nobody.FindAll("[data-silence-form]"));
    }

    private IRenderedComponent<DataStatusBar> RenderBar(OpsDashboard.Pipeline.TileEntry entry, ClaimsPrincipal user) =>
        _ctx.Render<DataStatusBar>(p => p.Add(b => b.Entry, entry).Add(b => b.Now, DashboardTestContext.Start)
            .AddCascadingValue(Task.FromResult(new AuthenticationState(user))));

    private static ClaimsPrincipal Person(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "Test"));
}
