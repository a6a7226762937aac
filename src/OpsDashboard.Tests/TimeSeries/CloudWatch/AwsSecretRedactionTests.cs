using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Tests.TimeSeries.CloudWatch;

public sealed class AwsSecretRedactionTests
{
    [Theory]
    [InlineData("host:monitoring.us-west-2.amazonaws.com\nx-amz-security-token:IQoJb3JpZ2luX2Vj+abc/def=\nx-amz-target:X", "host:monitoring.us-west-2.amazonaws.com\nx-amz-security-token:[redacted]\nx-amz-target:X")]
    [InlineData("GET /?Action=X&X-Amz-Security-Token=IQoJb3JpZ2lu%2Fabc&X-Amz-Date=1", "GET /?Action=X&X-Amz-Security-Token=[redacted]&X-Amz-Date=1")]
    [InlineData("'X-Amz-Security-Token: IQoJb3JpZ2lu'", "'X-Amz-Security-Token: [redacted]'")]
    [InlineData("The security token included in the request is expired", "The security token included in the request is expired")]
    public void Security_token_values_are_redacted_wherever_aws_quotes_them(string said, string shown) =>
        Assert.Equal(shown, AwsSecretRedaction.Redact(said));

    [Fact]
    public void The_session_token_itself_is_redacted_even_outside_a_header() =>
        Assert.Equal("token [redacted] was refused", AwsSecretRedaction.Redact("token IQoJb3JpZ2luX2Vj was refused", "IQoJb3JpZ2luX2Vj"));
}
