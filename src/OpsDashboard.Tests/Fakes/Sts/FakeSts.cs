using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Tests.Fakes.Sts;

/// <summary>Temporary credentials as STS issued them, with when.</summary>
public sealed record IssuedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset IssuedAt, DateTimeOffset Expiration, string RoleSessionName);

/// <summary>
/// AWS STS on 127.0.0.1 answering AssumeRoleWithWebIdentity over the Query protocol (a form-encoded POST, an XML answer
/// in the 2011-06-15 namespace, errors as an ErrorResponse), as EKS pods with IRSA ask it. It checks the role ARN, the
/// projected service-account token and the session name as STS does, and hands each issued key to <see cref="Issued"/>
/// (so a fake CloudWatch can trust it) with an expiry <see cref="Lifetime"/> away on <see cref="Clock"/>.
/// </summary>
public sealed partial class FakeSts : IAsyncDisposable
{
    public const string RoleArn = "arn:aws:iam::123456789012:role/opsdashboard";
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IssuedCredentials> _issued = new();
    private readonly SemaphoreSlim _issuedSignal = new(0);
    private int _serial;

    private FakeSts(WebApplication app, string webIdentityToken)
    {
        _app = app;
        WebIdentityToken = webIdentityToken;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The service-account token the pod's projected volume holds; any other is refused.</summary>
    public string WebIdentityToken { get; }

    /// <summary>How long issued credentials last (STS's default for web identity is an hour).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Called with every key issued, before the answer is sent.</summary>
    public Action<IssuedCredentials>? OnIssued { get; set; }

    public IReadOnlyList<IssuedCredentials> Issued => [.. _issued];

    /// <summary>The reason for the last refused request, for test messages.</summary>
    public string? LastRefusal { get; private set; }

    public static async Task<FakeSts> StartAsync(string webIdentityToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSts(app, webIdentityToken);
        app.Run(fake.AnswerAsync);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.First() + "/");
        return fake;
    }

    /// <summary>Completes once at least <paramref name="count"/> keys have been issued.</summary>
    public async Task WaitForIssuedAsync(int count, CancellationToken cancellationToken)
    {
        while (_issued.Count < count)
        {
            await _issuedSignal.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _issuedSignal.Dispose();
    }

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionName();

    private async Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || !context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, "InvalidAction", "Could not find operation for a request that is not a form-encoded POST");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var action = form["Action"].ToString();
        var session = form["RoleSessionName"].ToString();
        if (action != "AssumeRoleWithWebIdentity" || form["Version"] != "2011-06-15")
        {
            await ErrorAsync(context, 400, "InvalidAction", $"Could not find operation {action} for version {form["Version"]}");
        }
        else if (!SessionName().IsMatch(session))
        {
            await ErrorAsync(context, 400, "ValidationError", $"1 validation error detected: Value '{session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        else if (form["RoleArn"] != RoleArn)
        {
            await ErrorAsync(context, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        else if (form["WebIdentityToken"] != WebIdentityToken)
        {
            await ErrorAsync(context, 400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider");
        }
        else
        {
            await IssueAsync(context, session);
        }
    }

    private async Task IssueAsync(HttpContext context, string session)
    {
        var n = Interlocked.Increment(ref _serial);
        var now = Clock.GetUtcNow();
        var issued = new IssuedCredentials(
            string.Create(CultureInfo.InvariantCulture, $"ASIAFAKESTS{n:D9}"),
            $"fake/sts/secret/{n}/{Guid.NewGuid():N}",
            $"FwoGZXIvYXdzEFakeStsSessionToken{n}{Guid.NewGuid():N}",
            now,
            now + Lifetime,
            session);
        OnIssued?.Invoke(issued);
        _issued.Enqueue(issued);
        _issuedSignal.Release();
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <AssumeRoleWithWebIdentityResponse xmlns="{Namespace}">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:ops:opsdashboard</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/opsdashboard/{SecurityElement.Escape(session)}</Arn>
                  <AssumedRoleId>AROAFAKESTSROLE:{SecurityElement.Escape(session)}</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>{issued.AccessKeyId}</AccessKeyId>
                  <SecretAccessKey>{issued.SecretAccessKey}</SecretAccessKey>
                  <SessionToken>{issued.SessionToken}</SessionToken>
                  <Expiration>{issued.Expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}</Expiration>
                </Credentials>
                <Provider>oidc.eks.us-west-2.amazonaws.com/id/FAKEOIDCPROVIDER</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata>
                <RequestId>{Guid.NewGuid()}</RequestId>
              </ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """, context.RequestAborted);
    }

    private async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        LastRefusal = $"{code}: {message}";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <ErrorResponse xmlns="{Namespace}">
              <Error>
                <Type>Sender</Type>
                <Code>{code}</Code>
                <Message>{SecurityElement.Escape(message)}</Message>
              </Error>
              <RequestId>{Guid.NewGuid()}</RequestId>
            </ErrorResponse>
            """, context.RequestAborted);
    }
}
