using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using OpsDashboard.Security;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Security;

/// <summary>Who gets in, decided by the dashboard's authentication handler for each access mode.</summary>
public sealed class AccessTests : IDisposable
{
    private readonly TempDirectory _contentRoot = new();

    public void Dispose() => _contentRoot.Dispose();

    [Theory]
    [InlineData("LocalOnly", "127.0.0.1", null, "local")]
    [InlineData("LocalOnly", "::1", null, "local")]
    [InlineData("LocalOnly", "10.1.2.3", null, null)]
    [InlineData("LocalOnly", "10.1.2.3", "dave@example.org", null)]
    [InlineData("ProxyHeader", "10.0.0.7", "dave@example.org", "dave@example.org")]
    [InlineData("ProxyHeader", "10.0.0.7", null, null)]
    [InlineData("ProxyHeader", "192.168.1.9", "dave@example.org", null)]
    [InlineData("ProxyHeader", "::ffff:10.0.0.7", "dave@example.org", "dave@example.org")]
    [InlineData("ProxyHeader", "127.0.0.1", null, null)]
    [InlineData("Anonymous", "203.0.113.5", null, "anonymous")]
    public async Task Each_mode_lets_in_only_whom_it_should(string mode, string remote, string? header, string? expectedUser)
    {
        await using var services = Services(new() { ["Dashboard:Security:Access"] = mode, ["Dashboard:Security:TrustedProxies:0"] = "10.0.0.0/24" });
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (header is not null)
        {
            context.Request.Headers["X-Forwarded-Email"] = header;
        }

        var result = await context.AuthenticateAsync();

        Assert.Equal(expectedUser, result.Succeeded ? result.Principal.Identity!.Name : null);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("ops.example.org", true)]
    [InlineData("wall.ops.example.org", true)]
    [InlineData("example.org", false)]
    [InlineData("evil.test", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.20.30.40", true)]
    [InlineData("192.168.0.1", false)]
    [InlineData("[::1]", true)]
    public void Hosts_are_allowed_by_name_wildcard_or_network(string host, bool allowed)
    {
        var options = new SecurityOptions { AllowedHosts = ["localhost", "ops.example.org", "*.ops.example.org"], AllowedHostNetworks = ["127.0.0.0/8", "::1/128", "10.0.0.0/8"] };

        Assert.Equal(allowed, SecurityHeaders.IsAllowed(options, host));
    }

    [Fact]
    public void A_kiosk_token_is_found_by_its_hash_and_a_wrong_or_empty_one_is_not()
    {
        var options = new SecurityOptions { KioskTokens = [new() { Name = "wall-1", Sha256 = KioskAccess.Hash("Zx9-long-random-token").ToUpperInvariant() }] };

        Assert.Equal("wall-1", KioskAccess.Find(options, "Zx9-long-random-token")?.Name);
        Assert.Null(KioskAccess.Find(options, "Zx9-long-random-tokeN"));
        Assert.Null(KioskAccess.Find(options, ""));
    }

    [Fact]
    public void A_proxy_mode_without_trusted_networks_and_a_malformed_token_hash_are_refused_at_start()
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions
        {
            Access = AccessMode.ProxyHeader,
            KioskTokens = [new() { Name = "wall-1", Sha256 = "not-a-hash" }],
            AllowedHostNetworks = ["10.0.0.0/33"],
        });

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Dashboard:Security:TrustedProxies is empty", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Security:AllowedHostNetworks:0 \"10.0.0.0/33\" is not a network", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Security:KioskTokens:0 needs a Name and the token's SHA-256", f, StringComparison.Ordinal));
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _contentRoot.Path })
            .AddDashboardSecurity(configuration).BuildServiceProvider();
    }
}
