using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>Where request-signing credentials come from.</summary>
public interface IAwsCredentialSource
{
    /// <summary>Credentials to sign with; throws <see cref="CloudWatchException"/> (NoCredentials) when there are none.</summary>
    Task<AWSCredentials> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The AWS SDK's own credential chain (environment, profiles and SSO, web identity / IRSA in EKS, ECS and instance roles),
/// or a named profile. The SDK caches and refreshes temporary credentials itself (web identity 15 min before they expire,
/// from AWSSDK.SecurityToken; SSO from AWSSDK.SSO and AWSSDK.SSOOIDC, which it loads by reflection).
/// </summary>
public sealed partial class AwsSdkCredentialSource(string? profile) : IAwsCredentialSource, IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver _chain = new();
    private AWSCredentials? _fromProfile;

    /// <summary>The role session names STS accepts (its own pattern); the SDK skips web identity for any other.</summary>
    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex RoleSessionName();

    /// <summary>
    /// What stops web identity (IRSA) before STS is asked, in words naming the variable; null when it is not configured
    /// or nothing is wrong. The SDK would only skip to the next provider and end with "Unable to find credentials".
    /// </summary>
    public static string? WebIdentityProblem(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var roleArn = environment("AWS_ROLE_ARN");
        var tokenFile = environment("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (string.IsNullOrEmpty(roleArn) && string.IsNullOrEmpty(tokenFile))
        {
            return null;
        }

        if (string.IsNullOrEmpty(roleArn) || string.IsNullOrEmpty(tokenFile))
        {
            return $"Web identity (IRSA) needs both AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE; only {(string.IsNullOrEmpty(roleArn) ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN")} is set: set the other (EKS sets both when the ServiceAccount has the eks.amazonaws.com/role-arn annotation).";
        }

        var session = environment("AWS_ROLE_SESSION_NAME");
        if (!string.IsNullOrEmpty(session) && !RoleSessionName().IsMatch(session))
        {
            return $"AWS_ROLE_SESSION_NAME \"{session}\" is not a role session name AWS accepts (2 to 64 characters: letters, digits and _+=,.@-), so web identity (AWS_ROLE_ARN {roleArn}) cannot be used: fix AWS_ROLE_SESSION_NAME, or unset it and the SDK names the session itself.";
        }

        return Path.IsPathRooted(tokenFile) && !File.Exists(tokenFile)
            ? $"AWS_WEB_IDENTITY_TOKEN_FILE {tokenFile} does not exist: check the pod's projected service-account token volume (EKS mounts it at /var/run/secrets/eks.amazonaws.com/serviceaccount/token)."
            : null;
    }

    public void Dispose() => _chain.Dispose();

    public async Task<AWSCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(profile))
        {
            // Resolved once: the profile's credentials object caches and renews temporary keys (SSO, assume-role);
            // a new one per request would ask the SSO portal or STS for every CloudWatch call.
            if (Volatile.Read(ref _fromProfile) is { } cached)
            {
                return cached;
            }

            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? Interlocked.CompareExchange(ref _fromProfile, fromProfile, null) ?? fromProfile
                : throw new CloudWatchException(CloudWatchFailure.NoCredentials, $"AWS profile \"{profile}\" was not found in ~/.aws/config or ~/.aws/credentials: create it (aws configure --profile {profile}) or fix Dashboard:CloudWatch:Profile.");
        }

        if (WebIdentityProblem(Environment.GetEnvironmentVariable) is { } problem)
        {
            throw new CloudWatchException(CloudWatchFailure.NoCredentials, problem);
        }

        try
        {
            return await _chain.ResolveIdentityAsync(null!, cancellationToken);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException)
        {
            throw new CloudWatchException(CloudWatchFailure.NoCredentials, "No AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run aws sso login, or give the pod an IRSA role. " + AwsSecretRedaction.Redact(ex.Message, Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN")), ex);
        }
    }
}

/// <summary>Fixed credentials (tests and benchmarks against the fake endpoint).</summary>
public sealed class StaticCredentialSource(AWSCredentials credentials) : IAwsCredentialSource
{
    public Task<AWSCredentials> GetAsync(CancellationToken cancellationToken) => Task.FromResult(credentials);
}
