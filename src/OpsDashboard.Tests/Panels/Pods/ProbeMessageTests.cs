using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Tests.Panels.Pods;

public sealed class ProbeMessageTests
{
    [Theory]
    [InlineData("Liveness probe failed: HTTP probe failed with statuscode: 503", "liveness probe failed: HTTP 503")]
    [InlineData("Readiness probe failed: Get \"http://10.0.3.12:8000/healthz/\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", "readiness probe failed: timeout")]
    [InlineData("Readiness probe failed: Get \"http://10.0.3.12:8000/readiness/\": dial tcp 10.0.3.12:8000: connect: connection refused", "readiness probe failed: connection refused")]
    [InlineData("Liveness probe failed: command \"/bin/check\" timed out", "liveness probe failed: timeout")]
    [InlineData("Startup probe failed: HTTP probe failed with statuscode: 500", "startup probe failed: HTTP 500")]
    [InlineData("Readiness probe failed: database is locked", "readiness probe failed: database is locked")]
    [InlineData("Back-off restarting failed container", "Back-off restarting failed container")]
    public void Summarizes_kubelet_messages(string message, string expected) => Assert.Equal(expected, ProbeMessage.Summarize(message));
}
