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
/// or a named profile. The SDK caches and refreshes temporary credentials itself.
/// </summary>
public sealed class AwsSdkCredentialSource(string? profile) : IAwsCredentialSource, IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver _chain = new();

    public void Dispose() => _chain.Dispose();

    public async Task<AWSCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(profile))
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new CloudWatchException(CloudWatchFailure.NoCredentials, $"AWS profile \"{profile}\" was not found in ~/.aws/config or ~/.aws/credentials: create it (aws configure --profile {profile}) or fix Dashboard:CloudWatch:Profile.");
        }

        try
        {
            return await _chain.ResolveIdentityAsync(null!, cancellationToken);
        }
        catch (AmazonClientException ex)
        {
            throw new CloudWatchException(CloudWatchFailure.NoCredentials, "No AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run aws sso login, or give the pod an IRSA role. " + ex.Message, ex);
        }
    }
}

/// <summary>Fixed credentials (tests and benchmarks against the fake endpoint).</summary>
public sealed class StaticCredentialSource(AWSCredentials credentials) : IAwsCredentialSource
{
    public Task<AWSCredentials> GetAsync(CancellationToken cancellationToken) => Task.FromResult(credentials);
}
