using OpsDashboard;
using OpsDashboard.Cli;
using OpsDashboard.Configuration;
using OpsDashboard.Panels;

switch (args)
{
    case [HealthcheckCommand.Name, .. var rest]:
        return await HealthcheckCommand.RunAsync(rest, Console.Error, CancellationToken.None);
    case [var name, .. var rest] when DashboardPanels.All.SelectMany(p => p.Commands).FirstOrDefault(c => c.Name == name) is { } command:
        return await command.RunAsync(rest, Console.Out, Console.Error, CancellationToken.None);
    case [SilenceCommand.Name, .. var rest]:
        return await SilenceCommand.RunAsync(rest, Console.Out, Console.Error, TimeProvider.System, CancellationToken.None);
    case [ReportCommand.Name, .. var rest]:
        return await ReportCommand.RunAsync(rest, Console.Out, Console.Error, TimeProvider.System, CancellationToken.None);
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    builder.Services.AddOpsDashboard(builder.Configuration);

    var app = builder.Build();
    ConfigurationCheck.ThrowIfInvalid(app.Services);
    app.UseOpsDashboard();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
{
    await Console.Error.WriteLineAsync(message);
    return 2;
}

/// <summary>Visible to the end-to-end tests and benchmarks, which start the real app.</summary>
public partial class Program;
