using System.Net;
using System.Text.RegularExpressions;
using OpsDashboard.Security;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Deployment;

/// <summary>
/// The Dockerfile as an image would run it, without Docker (there is no engine here): its instructions read from the
/// file, and the app started with the image's environment as an unprivileged user that can write nothing but the
/// data volume, which is what a read-only root filesystem leaves it.
/// </summary>
public sealed partial class DockerfileTests
{
    private const string KioskToken = "wall-token-for-the-read-only-test-3b7d";
    private readonly CancellationToken _cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
    private static readonly IReadOnlyList<Instruction> Image = Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile")));

    [Fact]
    public void The_image_runs_the_published_app_on_the_aspnet_runtime_as_a_non_root_user_with_a_liveness_healthcheck()
    {
        var stages = Image.Where(i => i.Name == "FROM").ToList();
        var runtime = Image.SkipWhile(i => i != stages[^1]).ToList();

        Assert.True(stages.Count >= 2, "multi-stage: build with the SDK, run without it");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0].Args, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[^1].Args, StringComparison.Ordinal);
        Assert.Contains(Image, i => i.Name == "RUN" && i.Args.StartsWith("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(runtime, i => i.Name == "COPY" && i.Args.StartsWith("--from=build", StringComparison.Ordinal));
        Assert.DoesNotContain(runtime, i => i.Name == "RUN");
        var user = Assert.Single(runtime, i => i.Name == "USER").Args;
        Assert.DoesNotMatch("^(root|0)(:|$)", user);
        var healthcheck = Assert.Single(runtime, i => i.Name == "HEALTHCHECK").Args;
        Assert.Contains("/healthz/live", healthcheck, StringComparison.Ordinal);
        Assert.Contains("\"OpsDashboard.dll\"", Assert.Single(runtime, i => i.Name == "ENTRYPOINT").Args, StringComparison.Ordinal);
        Assert.Equal("OpsDashboard.dll", Path.GetFileName(RepoPaths.AppDll));
    }

    [Fact]
    public void Every_file_the_app_writes_is_on_the_data_volume()
    {
        var volume = Assert.Single(Image, i => i.Name == "VOLUME").Args.Trim('[', ']', ' ', '"');
        var env = Environment();

        // Each setting whose default is a relative "data/…" path (under the read-only app folder) must be moved.
        foreach (var key in new[] { "Dashboard__History__Path", "Dashboard__Security__KeysPath", "Dashboard__Reports__StatePath", "Dashboard__Reports__GitHub__CachePath" })
        {
            Assert.True(env.TryGetValue(key, out var path), $"the image does not set {key}, so the app would write under /app");
            Assert.StartsWith(volume + "/", path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task As_an_unprivileged_user_who_can_write_only_the_volume_it_serves_records_history_and_keeps_kiosk_displays_signed_in_across_a_restart()
    {
        Assert.True(OperatingSystem.IsLinux() && System.Environment.UserName == "root", "this test drops to uid 65534 with setpriv, which needs root on Linux; ./test.sh runs as root");
        using var app = new TempDirectory();
        using var volume = new TempDirectory();
        CopyDirectory(Path.GetDirectoryName(RepoPaths.AppDll)!, app.Path);
        await RunAsync("chmod", "755", app.Path);
        await RunAsync("chown", "65534:65534", volume.Path);
        var before = Files(app.Path);
        var launch = new DashboardLaunch(Prefix: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], AppDll: Path.Combine(app.Path, "OpsDashboard.dll"), WorkingDirectory: app.Path);
        var settings = Environment().ToDictionary(e => e.Key, e => e.Value.Replace("/data", volume.Path, StringComparison.Ordinal));
        settings["HOME"] = "/nonexistent";
        settings["Dashboard:History:SampleInterval"] = "00:00:01";
        settings["Dashboard:Security:KioskTokens:0:Name"] = "office wall";
        settings["Dashboard:Security:KioskTokens:0:Sha256"] = KioskAccess.Hash(KioskToken);
        var port = DashboardProcess.FreePort();
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var first = await DashboardProcess.StartAsync(port, settings, launch, _cancel);
        string output;
        try
        {
            using var signIn = await http.GetAsync(new Uri($"kiosk?token={KioskToken}", UriKind.Relative), _cancel);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            using var wall = await http.GetAsync(new Uri("wall", UriKind.Relative), _cancel);
            Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
            await WaitForFileAsync(volume.Path, "history.db", first);
            await WaitForFileAsync(Path.Combine(volume.Path, "keys"), "key-*.xml", first);
        }
        finally
        {
            output = first.Output;
            await first.DisposeAsync();
        }

        await using var second = await DashboardProcess.StartAsync(port, settings, launch, _cancel);
        using var afterRestart = await http.GetAsync(new Uri("wall", UriKind.Relative), _cancel);

        Assert.Equal(HttpStatusCode.OK, afterRestart.StatusCode);
        Assert.Equal(before, Files(app.Path));
        Assert.DoesNotMatch("(?i)permission denied|UnauthorizedAccess|read-only file system", output + second.Output);
    }

    /// <summary>The runtime stage's ENV, as KEY=VALUE pairs.</summary>
    private static Dictionary<string, string> Environment()
    {
        var runtime = Image.SkipWhile(i => i != Image.Last(x => x.Name == "FROM"));
        return runtime.Where(i => i.Name == "ENV")
            .SelectMany(i => EnvPair().Matches(i.Args).Select(m => (m.Groups["key"].Value, m.Groups["value"].Value)))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
    }

    private static List<Instruction> Parse(string dockerfile)
    {
        var joined = dockerfile.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        return
        [
            .. joined.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(' ', 2)).Select(p => new Instruction(p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : "")),
        ];
    }

    private async Task WaitForFileAsync(string directory, string pattern, DashboardProcess app)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!(Directory.Exists(directory) && Directory.EnumerateFiles(directory, pattern).Any()))
        {
            Assert.False(app.HasExited, app.Output);
            try
            {
                await poll.WaitForNextTickAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no {pattern} in {directory} after 30 s; the app said:\n{app.Output}");
            }
        }
    }

    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task RunAsync(string file, params string[] args)
    {
        var result = await ChildProcess.RunAsync(ChildProcess.StartInfo(file, args), _cancel);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}: {result.Error}");
    }

    [GeneratedRegex("""(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>[^\s]+)""")]
    private static partial Regex EnvPair();

    private sealed record Instruction(string Name, string Args);
}
