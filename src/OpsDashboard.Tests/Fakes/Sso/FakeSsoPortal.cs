using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpsDashboard.Tests.Fakes.Sts;

namespace OpsDashboard.Tests.Fakes.Sso;

/// <summary>
/// The IAM Identity Center (SSO) portal on 127.0.0.1 answering GetRoleCredentials as an SSO profile's SDK asks it
/// (REST-JSON: <c>GET /federation/credentials?account_id=…&amp;role_name=…</c> with the cached access token in
/// <c>x-amz-sso_bearer_token</c>), issuing temporary keys for one account and role to the holder of one access token.
/// </summary>
public sealed class FakeSsoPortal : IAsyncDisposable
{
    public const string AccountId = "123456789012";
    public const string RoleName = "OpsDashboardReadOnly";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IssuedCredentials> _issued = new();
    private int _serial;

    private FakeSsoPortal(WebApplication app, string accessToken)
    {
        _app = app;
        AccessToken = accessToken;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What `aws sso login` left in the token cache; any other bearer token is refused.</summary>
    public string AccessToken { get; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public Action<IssuedCredentials>? OnIssued { get; set; }

    public IReadOnlyList<IssuedCredentials> Issued => [.. _issued];

    public string? LastRefusal { get; private set; }

    public static async Task<FakeSsoPortal> StartAsync(string accessToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSsoPortal(app, accessToken);
        app.Run(fake.AnswerAsync);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.First() + "/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method != "GET" || request.Path != "/federation/credentials")
        {
            await ErrorAsync(context, 404, "ResourceNotFoundException", $"No such operation: {request.Method} {request.Path}");
        }
        else if (request.Headers["x-amz-sso_bearer_token"] != AccessToken)
        {
            await ErrorAsync(context, 401, "UnauthorizedException", "Session token not found or invalid");
        }
        else if (request.Query["account_id"] != AccountId || request.Query["role_name"] != RoleName)
        {
            await ErrorAsync(context, 403, "ForbiddenException", "No access");
        }
        else
        {
            var n = Interlocked.Increment(ref _serial);
            var now = TimeProvider.System.GetUtcNow();
            var issued = new IssuedCredentials($"ASIAFAKESSO{n:D9}", $"fake/sso/secret/{n}/{Guid.NewGuid():N}", $"FakeSsoSessionToken{n}{Guid.NewGuid():N}", now, now + Lifetime, RoleName);
            OnIssued?.Invoke(issued);
            _issued.Enqueue(issued);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["roleCredentials"] = new JsonObject
                {
                    ["accessKeyId"] = issued.AccessKeyId,
                    ["secretAccessKey"] = issued.SecretAccessKey,
                    ["sessionToken"] = issued.SessionToken,
                    ["expiration"] = issued.Expiration.ToUnixTimeMilliseconds(),
                },
            }.ToJsonString(), context.RequestAborted);
        }
    }

    private async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        LastRefusal = $"{type}: {message}";
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-ErrorType"] = type;
        await context.Response.WriteAsync(new JsonObject { ["message"] = message }.ToJsonString(), context.RequestAborted);
    }
}
