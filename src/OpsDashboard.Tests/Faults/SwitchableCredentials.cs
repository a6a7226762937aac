using Amazon.Runtime;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Tests.Faults;

/// <summary>The fake CloudWatch's credentials, which expire and are renewed under a running app as an SSO session or IRSA token does.</summary>
public sealed class SwitchableCredentials : IAwsCredentialSource
{
    private AWSCredentials _current = Valid();

    public void Expire() => Volatile.Write(ref _current, new SessionAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey, FakeCloudWatch.ExpiredSessionToken));

    public void Renew() => Volatile.Write(ref _current, Valid());

    public Task<AWSCredentials> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _current));

    private static BasicAWSCredentials Valid() => new(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey);
}
