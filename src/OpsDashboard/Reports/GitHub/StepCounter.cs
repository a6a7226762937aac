namespace OpsDashboard.Reports.GitHub;

/// <summary>Progress in steps (requests) known so far; the total grows as page counts become known.</summary>
internal sealed class StepCounter(IProgress<ReportProgress> progress)
{
    private int _done;
    private int _total;
    private string _message = "";

    public void Expect(int steps) => Report(_done, _total += steps, _message);

    public void Done() => Report(++_done, _total, _message);

    public void Say(string message) => Report(_done, _total, _message = message);

    private void Report(int done, int total, string message) => progress.Report(new ReportProgress(done, Math.Max(done, total), message));
}
