using Amazon.Runtime;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Tests.Faults;

/// <summary>The fake CloudWatch's credentials, which expire and are renewed under a running app as an SSO session or IRSA token does.</summary>
public sealed class SwitchableCredentials : IAwsCredentialSource
{
    private AWSCredentials _current = Valid();
    private Func<Exception>? _broken;

    public void Expire() => Volatile.Write(ref _current, new SessionAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey, FakeCloudWatch.ExpiredSessionToken));

    /// <summary>Temporary credentials whose secret is wrong: AWS refuses the signature and quotes the canonical request, session token and all.</summary>
    public void WrongSecret(string sessionToken) => Volatile.Write(ref _current, new SessionAWSCredentials(FakeCloudWatch.AccessKey, "not-the-secret", sessionToken));

    public void Renew()
    {
        Volatile.Write(ref _current, Valid());
        Volatile.Write(ref _broken, null);
    }

    /// <summary>From now on the SDK throws what <paramref name="exception"/> makes when asked for credentials (e.g. an assembly it loads is missing).</summary>
    public void Break(Func<Exception> exception) => Volatile.Write(ref _broken, exception);

    public Task<AWSCredentials> GetAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _broken) is { } broken ? throw broken() : Task.FromResult(Volatile.Read(ref _current));

    private static BasicAWSCredentials Valid() => new(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey);
}
