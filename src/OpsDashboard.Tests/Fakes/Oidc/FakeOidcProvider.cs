using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Tests.Fakes.Oidc;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 as Keycloak or Dex would answer: discovery, JWKS, the authorization endpoint
/// (the user is already signed in there, so it answers at once, with form_post or a redirect), the token endpoint
/// (client secret, single-use codes, PKCE S256 checked), userinfo and end-session. ID tokens are RS256 JWTs signed
/// here, written without any JWT library so that the app's validation is checked against an independent signer.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "opsdashboard";
    public const string ClientSecret = "fake-oidc-client-secret-7f3a9c";
    private const string KeyId = "fake-key-1";
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SignedInUser> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusals = new();
    private int _tokensIssued;

    private FakeOidcProvider(WebApplication app) => _app = app;

    public Uri Issuer { get; private set; } = null!;

    /// <summary>Who is signed in at the provider; the next authorization is for them.</summary>
    public SignedInUser User { get; set; } = new("7a1c", "dave@example.org", ["sre"]);

    /// <summary>Redirect URIs registered for the client; anything else is refused, as real providers do.</summary>
    public ConcurrentBag<string> RedirectUris { get; } = [];

    /// <summary>Groups are sent only from userinfo (as Okta and Google do), not in the ID token.</summary>
    public bool GroupsOnlyFromUserInfo { get; set; }

    public int TokensIssued => _tokensIssued;

    public int UserInfoRequests { get; private set; }

    public int EndSessionRequests { get; private set; }

    /// <summary>Every request the provider refused, with why: for test messages.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeOidcProvider(app);
        app.MapGet("/.well-known/openid-configuration", fake.Discovery);
        app.MapGet("/jwks", fake.Jwks);
        app.MapGet("/authorize", fake.Authorize);
        app.MapPost("/token", fake.TokenAsync);
        app.MapGet("/userinfo", fake.UserInfo);
        app.MapGet("/logout", fake.EndSession);
        await app.StartAsync();
        fake.Issuer = new Uri(app.Urls.First().TrimEnd('/'));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private string At(string path) => Issuer.AbsoluteUri.TrimEnd('/') + path;

    private IResult Discovery() => Results.Json(new JsonObject
    {
        ["issuer"] = Issuer.AbsoluteUri.TrimEnd('/'),
        ["authorization_endpoint"] = At("/authorize"),
        ["token_endpoint"] = At("/token"),
        ["userinfo_endpoint"] = At("/userinfo"),
        ["jwks_uri"] = At("/jwks"),
        ["end_session_endpoint"] = At("/logout"),
        ["response_types_supported"] = new JsonArray("code"),
        ["response_modes_supported"] = new JsonArray("query", "form_post"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
        ["scopes_supported"] = new JsonArray("openid", "profile", "email", "groups"),
    });

    private IResult Jwks()
    {
        var parameters = _key.ExportParameters(false);
        return Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                ["n"] = Base64Url(parameters.Modulus!), ["e"] = Base64Url(parameters.Exponent!),
            }),
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        string redirect = q["redirect_uri"].ToString();
        if (q["client_id"] != ClientId || !RedirectUris.Contains(redirect))
        {
            // Never redirect to an unregistered address: show the error here, as providers do.
            return Refuse($"unknown client {q["client_id"]} or unregistered redirect_uri {redirect}", StatusCodes.Status400BadRequest);
        }

        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"])
            || !q["scope"].ToString().Split(' ').Contains("openid") || string.IsNullOrEmpty(q["state"]) || string.IsNullOrEmpty(q["nonce"]))
        {
            return Refuse($"authorization request without code flow, PKCE S256, openid, state or nonce: {request.QueryString}", StatusCodes.Status400BadRequest);
        }

        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(User, q["nonce"]!, q["code_challenge"]!, redirect);
        string state = q["state"]!;
        if (q["response_mode"] == "form_post")
        {
            var html = $"<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirect)}\">" +
                       $"<input type=\"hidden\" name=\"code\" value=\"{code}\"><input type=\"hidden\" name=\"state\" value=\"{WebUtility.HtmlEncode(state)}\">" +
                       "<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>";
            return Results.Content(html, "text/html; charset=utf-8");
        }

        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(request, form);
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Error("invalid_client", $"client authentication failed for {clientId}", StatusCodes.Status401Unauthorized);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant))
        {
            return Error("invalid_grant", "unknown or used authorization code", StatusCodes.Status400BadRequest);
        }

        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return Error("invalid_grant", "redirect_uri differs from the authorization request's", StatusCodes.Status400BadRequest);
        }

        var verifier = form["code_verifier"].ToString();
        if (verifier.Length < 43 || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.CodeChallenge)
        {
            return Error("invalid_grant", "PKCE verification failed", StatusCodes.Status400BadRequest);
        }

        var accessToken = Base64Url(RandomNumberGenerator.GetBytes(24));
        _accessTokens[accessToken] = grant.User;
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new JsonObject
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = IdToken(grant),
        });
    }

    private IResult UserInfo(HttpRequest request)
    {
        UserInfoRequests++;
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(auth["Bearer ".Length..], out var user))
        {
            return Refuse("userinfo without a valid access token", StatusCodes.Status401Unauthorized);
        }

        return Results.Json(new JsonObject { ["sub"] = user.Subject, ["email"] = user.Email, ["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]) });
    }

    private IResult EndSession(HttpRequest request)
    {
        EndSessionRequests++;
        var back = request.Query["post_logout_redirect_uri"].ToString();
        return string.IsNullOrEmpty(back) ? Results.Content("Signed out.") : Results.Redirect(back + (request.Query.ContainsKey("state") ? $"?state={Uri.EscapeDataString(request.Query["state"]!)}" : ""));
    }

    private string IdToken(Grant grant)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = Issuer.AbsoluteUri.TrimEnd('/'), ["sub"] = grant.User.Subject, ["aud"] = ClientId,
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 300, ["nonce"] = grant.Nonce, ["email"] = grant.User.Email,
        };
        if (!GroupsOnlyFromUserInfo)
        {
            payload["groups"] = new JsonArray([.. grant.User.Groups.Select(g => JsonValue.Create(g))]);
        }

        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signed = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url(signature);
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }

        return (form["client_id"], form["client_secret"]);
    }

    private IResult Refuse(string why, int status)
    {
        _refusals.Enqueue(why);
        return Results.Text(why, "text/plain", statusCode: status);
    }

    private IResult Error(string error, string why, int status)
    {
        _refusals.Enqueue($"{error}: {why}");
        return Results.Json(new JsonObject { ["error"] = error, ["error_description"] = why }, statusCode: status);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Grant(SignedInUser User, string Nonce, string CodeChallenge, string RedirectUri);
}

/// <summary>The person signed in at the fake provider.</summary>
public sealed record SignedInUser(string Subject, string Email, IReadOnlyList<string> Groups);
