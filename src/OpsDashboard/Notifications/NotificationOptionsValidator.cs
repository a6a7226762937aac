using Microsoft.Extensions.Options;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Notifications;

/// <summary>Checks Dashboard:Notifications, naming every bad key; a Slack webhook URL is a secret and is never repeated back.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = NotificationOptions.Section;
        Duration(errors, $"{s}:For", options.For, TimeSpan.Zero, TimeSpan.FromDays(1), "00:01:00 (a minute)");
        Duration(errors, $"{s}:RepeatInterval", options.RepeatInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), "04:00:00 (four hours)");
        Duration(errors, $"{s}:StaleFor", options.StaleFor, TimeSpan.Zero, TimeSpan.FromDays(1), "00:10:00");
        Duration(errors, $"{s}:Alertmanager:ResendInterval", options.Alertmanager.ResendInterval, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), "00:01:00");
        Duration(errors, $"{s}:Heartbeat:Interval", options.Heartbeat.Interval, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1), "00:05:00");
        States(errors, $"{s}:States", options.States);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            States(errors, $"{s}:Rules:{i}:States", options.Rules[i].States);
            if (options.Rules[i].For is { } ruleFor)
            {
                Duration(errors, $"{s}:Rules:{i}:For", ruleFor, TimeSpan.Zero, TimeSpan.FromDays(1), "00:05:00");
            }
        }

        Url(errors, $"{s}:Alertmanager:Url", options.Alertmanager.Url, secret: false, optional: true);
        Url(errors, $"{s}:PublicUrl", options.PublicUrl, secret: false, optional: true);
        Url(errors, $"{s}:Heartbeat:Url", options.Heartbeat.Url, secret: false, optional: true);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            Url(errors, $"{s}:Webhooks:{i}:Url", options.Webhooks[i].Url, secret: false, optional: false);
        }

        for (var i = 0; i < options.Slack.Count; i++)
        {
            Url(errors, $"{s}:Slack:{i}:WebhookUrl", options.Slack[i].WebhookUrl, secret: true, optional: false);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Duration(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max, string example)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be a duration between {min:c} and {max:c}, e.g. {example}; got {value:c}.");
        }
    }

    private static void States(List<string> errors, string key, List<TileStatus> states)
    {
        foreach (var state in states.Where(st => st is TileStatus.Ok or TileStatus.Waiting || !Enum.IsDefined(st)).Distinct())
        {
            errors.Add($"{key} lists {state}, which cannot notify: use Critical, Error, Stale or Warning.");
        }
    }

    private static void Url(List<string> errors, string key, string? value, bool secret, bool optional)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!optional)
            {
                errors.Add($"{key} is empty: give the channel's http:// or https:// address, or remove the entry.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            var shown = secret ? "a value that is not one (not repeated here: it is a secret)" : $"'{value}'";
            errors.Add($"{key} must be an absolute http:// or https:// address; got {shown}.");
        }
    }
}
