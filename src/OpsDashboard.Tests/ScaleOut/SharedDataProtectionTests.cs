using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.ScaleOut;

/// <summary>
/// Scaled out, a browser's next request or reconnect may land on another replica: whatever one replica protected (the
/// circuit's state, antiforgery tokens, cookies) the others must read, and nothing outside the shared key ring may.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedDataProtectionTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly TempDirectory _dir = new();
    private FakeKubernetesApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _dir.Dispose();
        _timeout.Dispose();
    }

    private async Task<DashboardReplica> ReplicaAsync(string name, string connectionString) =>
        await DashboardReplica.StartAsync(name, ScaleOutSettings.For(name, connectionString, _api.WriteKubeconfig(_dir.File("kubeconfig.yaml"))), _timeout.Token);

    [Fact]
    public async Task What_one_replica_protects_another_unprotects_and_a_replica_of_another_database_cannot()
    {
        var shared = await postgres.Server.CreateDatabaseAsync("keys", _timeout.Token);
        await using var a = await ReplicaAsync("replica-a", shared);
        await using var b = await ReplicaAsync("replica-b", shared);
        await using var stranger = await ReplicaAsync("replica-c", await postgres.Server.CreateDatabaseAsync("keys", _timeout.Token));
        const string purpose = "Microsoft.AspNetCore.Components.Server.ComponentDescriptorSerializer,V1";

        var secret = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("circuit of replica-a");

        Assert.Equal("circuit of replica-a", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(secret));
        Assert.ThrowsAny<CryptographicException>(() => stranger.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(secret));
    }

    [Fact]
    public async Task Both_replicas_read_one_key_ring_however_many_keys_it_holds()
    {
        var shared = await postgres.Server.CreateDatabaseAsync("keys", _timeout.Token);
        await using var a = await ReplicaAsync("replica-a", shared);
        a.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>().CreateNewKey(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(90));
        await using var b = await ReplicaAsync("replica-b", shared);

        var keysA = a.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>().GetAllKeys().Select(k => k.KeyId).Order();
        var keysB = b.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>().GetAllKeys().Select(k => k.KeyId).Order();

        Assert.NotEmpty(keysA);
        Assert.Equal(keysA, keysB);
        Assert.NotNull(b.Services.GetService<IAntiforgery>());
    }
}
