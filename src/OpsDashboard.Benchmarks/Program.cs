using OpsDashboard.Benchmarks.KubeSync;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return args switch
{
    ["kube-sync", .. var rest] => await KubeSyncScenario.RunAsync(rest, cancel.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project src/OpsDashboard.Benchmarks -- kube-sync [options]\n{KubeSyncOptions.Usage}");
    return 2;
}
