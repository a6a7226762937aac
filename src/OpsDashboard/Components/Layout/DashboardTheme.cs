using MudBlazor;

namespace OpsDashboard.Components.Layout;

public static class DashboardTheme
{
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"];

    public static MudTheme Light { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1f4e79", AppbarBackground = "#1f2937" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = Fonts } },
    };

    public static MudTheme Wall { get; } = new()
    {
        PaletteDark = new PaletteDark { Background = "#000000", Surface = "#111418", TextPrimary = "#ffffff" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = Fonts } },
    };
}
