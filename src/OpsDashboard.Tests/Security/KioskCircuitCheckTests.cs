using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Security;

namespace OpsDashboard.Tests.Security;

/// <summary>An open kiosk circuit re-checks its token on the clock and is ended once the token is gone from the configuration.</summary>
public sealed class KioskCircuitCheckTests : IDisposable
{
    private const string Token = "wallTokenForTheSecondFloorDisplay0123456789";
    private readonly FakeTimeProvider _time = new();
    private readonly ConfigurationManager _configuration = new();
    private readonly ServiceProvider _services;
    private readonly KioskRevocation _revocation = new();
    private readonly KioskCircuitCheck _check;

    public KioskCircuitCheckTests()
    {
        _configuration["Dashboard:Security:KioskTokens:0:Name"] = "second floor";
        _configuration["Dashboard:Security:KioskTokens:0:Sha256"] = KioskAccess.Hash(Token);
        var services = new ServiceCollection();
        services.AddOptions<SecurityOptions>().Bind(_configuration.GetSection(SecurityOptions.Section));
        _services = services.BuildServiceProvider();
        _check = new KioskCircuitCheck(new NobodySignedIn(), _services.GetRequiredService<IOptionsMonitor<SecurityOptions>>(), _time, _revocation, NullLogger<KioskCircuitCheck>.Instance);
    }

    public void Dispose()
    {
        _check.Dispose();
        _services.Dispose();
        _configuration.Dispose();
    }

    [Fact]
    public void A_circuit_whose_token_is_still_configured_stays_open()
    {
        _check.Watch(Kiosk(KioskAccess.Hash(Token)));

        _time.Advance(TimeSpan.FromHours(1));

        Assert.False(_revocation.Revoked.IsCompleted);
    }

    [Fact]
    public async Task Replacing_the_token_ends_the_circuit_at_the_next_check_within_a_minute()
    {
        _check.Watch(Kiosk(KioskAccess.Hash(Token)));
        _time.Advance(KioskCircuitCheck.Interval);
        Assert.False(_revocation.Revoked.IsCompleted);

        Reconfigure(KioskAccess.Hash("a new token for the display"));
        _time.Advance(KioskCircuitCheck.Interval - TimeSpan.FromSeconds(1));
        Assert.False(_revocation.Revoked.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_revocation.Revoked.IsCompleted, "the check after the change must revoke the circuit");
        Assert.Equal("kiosk second floor", await _revocation.Revoked);
        Assert.True(KioskCircuitCheck.Interval <= TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("dave@example.org")]
    public void People_are_not_watched_as_kiosks(string name)
    {
        Reconfigure(KioskAccess.Hash("another"));
        _check.Watch(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Dashboard")));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(_revocation.Revoked.IsCompleted);
    }

    /// <summary>A new hash for the display's entry, reloaded as an edited appsettings.json would be.</summary>
    private void Reconfigure(string sha256)
    {
        _configuration["Dashboard:Security:KioskTokens:0:Sha256"] = sha256;
        ((IConfigurationRoot)_configuration).Reload();
    }

    private static ClaimsPrincipal Kiosk(string hash) => KioskAccess.Principal(new KioskTokenOptions { Name = "second floor", Sha256 = hash });

    private sealed class NobodySignedIn : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(new ClaimsPrincipal()));
    }
}
