using Microsoft.AspNetCore.Components;
using OpsDashboard.Components.Shared;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Components.Tiles;

/// <summary>
/// A tile's status as icon and word, the same markup for every tile in that status, so it is built once per status
/// and rendered as one markup frame. Twelve frames fewer per tile keep most tiles within the renderer's smallest
/// buffer (32 frames), and every component holds two such buffers for the life of the circuit.
/// </summary>
public static class TileStatusBadge
{
    private static readonly MarkupString[] Badges = Enum.GetValues<TileStatus>()
        .Select(status => new MarkupString(
            $"<span class=\"tile-status\" role=\"status\">{SvgIcon.Markup(TilePresentation.IconOf(status))}" +
            $"<span class=\"tile-status-label\">{TilePresentation.LabelOf(status)}</span></span>"))
        .ToArray();

    public static MarkupString For(TileStatus status) => Badges[(int)status];
}
