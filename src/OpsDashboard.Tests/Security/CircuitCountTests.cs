using Microsoft.Extensions.Options;
using OpsDashboard.Security;

namespace OpsDashboard.Tests.Security;

public sealed class CircuitCountTests
{
    private static CircuitCount Count(int perClient, int total) =>
        new(new StaticMonitor(new SecurityOptions { MaxCircuitsPerClient = perClient, MaxCircuits = total }));

    [Fact]
    public void A_client_past_its_cap_is_refused_with_the_key_and_others_are_not()
    {
        var count = Count(perClient: 2, total: 10);

        Assert.Null(count.TryOpen("c1", "dave@example.org"));
        Assert.Null(count.TryOpen("c2", "dave@example.org"));
        var refused = count.TryOpen("c3", "dave@example.org");

        Assert.Equal("dave@example.org already has 2 open dashboard tabs, the limit (Dashboard:Security:MaxCircuitsPerClient): close some and reload.", refused);
        Assert.Null(count.TryOpen("c4", "erin@example.org"));
        Assert.Equal(3, count.Total);
    }

    [Fact]
    public void The_same_circuit_opened_again_never_counts_twice_and_a_closed_one_frees_its_place()
    {
        var count = Count(perClient: 1, total: 10);

        Assert.Null(count.TryOpen("wall", "kiosk:lobby"));
        Assert.Null(count.TryOpen("wall", "kiosk:lobby"));
        Assert.Equal(1, count.Total);
        Assert.NotNull(count.TryOpen("other", "kiosk:lobby"));

        count.Close("wall");
        Assert.Null(count.TryOpen("other", "kiosk:lobby"));
        Assert.Equal(1, count.Total);
    }

    [Fact]
    public void Past_the_total_cap_everyone_is_refused()
    {
        var count = Count(perClient: 5, total: 2);

        Assert.Null(count.TryOpen("a", "a@example.org"));
        Assert.Null(count.TryOpen("b", "b@example.org"));

        Assert.Equal("The dashboard already has 2 open tabs, the limit (Dashboard:Security:MaxCircuits): try again later.", count.TryOpen("c", "c@example.org"));
    }

    [Fact]
    public void Browsers_that_cannot_be_told_apart_are_held_to_the_total_cap_only()
    {
        var count = Count(perClient: 1, total: 3);

        Assert.Null(count.TryOpen("a", null));
        Assert.Null(count.TryOpen("b", null));
        Assert.Null(count.TryOpen("c", "c@example.org"));

        Assert.StartsWith("The dashboard already has 3 open tabs", count.TryOpen("d", null), StringComparison.Ordinal);
        count.Close("a");
        Assert.Null(count.TryOpen("d", null));
    }

    [Theory]
    [InlineData("dave@example.org", null, "dave@example.org")]
    [InlineData("kiosk:lobby", null, "kiosk:lobby")]
    [InlineData("anonymous", "10.0.0.5", "address 10.0.0.5")]
    [InlineData("anonymous", null, null)]
    [InlineData("local", "127.0.0.1", null)]
    public void Tabs_count_against_the_signed_in_name_or_for_anonymous_access_the_address(string name, string? address, string? client)
    {
        List<System.Security.Claims.Claim> claims = [new(System.Security.Claims.ClaimTypes.Name, name)];
        if (address is not null)
        {
            claims.Add(new(CircuitCount.AddressClaim, address));
        }

        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, "test"));

        Assert.Equal(client, CircuitCount.ClientOf(user));
    }

    [Fact]
    public void A_refusal_is_foretold_without_counting()
    {
        var count = Count(perClient: 1, total: 10);
        Assert.Null(count.Refusal("address 10.0.0.5"));
        Assert.Null(count.TryOpen("a", "address 10.0.0.5"));

        Assert.StartsWith("address 10.0.0.5 already has 1 open dashboard tabs", count.Refusal("address 10.0.0.5"), StringComparison.Ordinal);
        Assert.Null(count.Refusal("address 10.0.0.6"));
        Assert.Equal(1, count.Total);
    }

    private sealed class StaticMonitor(SecurityOptions value) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue => value;

        public SecurityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
