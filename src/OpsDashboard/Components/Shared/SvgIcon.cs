using Microsoft.AspNetCore.Components;

namespace OpsDashboard.Components.Shared;

/// <summary>
/// A Material icon as plain SVG: no JS interop and no services. A fragment of its parent's render tree rather than a
/// component, because every component holds two render-tree buffers (about 2.6 KiB) for the life of the circuit and
/// the wall shows an icon on every tile.
/// </summary>
public static class SvgIcon
{
    /// <summary>The same SVG as one string, for markup built once and reused (see <c>TileStatusBadge</c>).</summary>
    public static string Markup(string icon) =>
        $"<svg class=\"svg-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{icon}</svg>";

    /// <summary>The icon's markup (a Material icon's SVG path elements) inside a 24×24 SVG sized to the text.</summary>
    public static RenderFragment For(string icon) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", "svg-icon");
        builder.AddAttribute(2, "viewBox", "0 0 24 24");
        builder.AddAttribute(3, "aria-hidden", "true");
        builder.AddAttribute(4, "focusable", "false");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };
}
