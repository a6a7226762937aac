using System.Globalization;
using System.Text;

namespace OpsDashboard.Reports;

/// <summary>
/// Text other people wrote (PR titles, logins, labels) made safe for the post: one line, and neither Markdown, HTML
/// nor Liquid can see anything in it but literal characters. Jekyll renders Liquid before Markdown, so braces become
/// HTML character references that Liquid never parses and Markdown turns back into the braces.
/// </summary>
public static class PostText
{
    /// <summary>Newlines, tabs and other control characters as single spaces; leading and trailing space trimmed.</summary>
    public static string Flatten(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var flat = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029')
            {
                space = flat.Length > 0;
                continue;
            }

            if (space)
            {
                flat.Append(' ');
                space = false;
            }

            flat.Append(c);
        }

        return flat.ToString();
    }

    /// <summary>One line of literal text for Markdown link text or a paragraph, proof against Markdown, HTML and Liquid.</summary>
    public static string Markdown(string? text)
    {
        var flat = Flatten(text);
        var escaped = new StringBuilder(flat.Length + 16);
        var leadingDigits = true;
        for (var i = 0; i < flat.Length; i++)
        {
            var c = flat[i];
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '{' => "&#123;",
                '}' => "&#125;",
                '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '~' => "\\" + c,
                // At the start of a line these would begin a list or a heading underline.
                '-' or '+' or '=' when i == 0 => "\\" + c,
                '.' or ')' when leadingDigits && i > 0 => "\\" + c,
                _ => c.ToString(),
            });
            leadingDigits &= char.IsAsciiDigit(c);
        }

        return escaped.ToString();
    }

    /// <summary>A YAML double-quoted scalar for front matter: a ':' or '#' in a team's name cannot end or comment the value.</summary>
    public static string YamlQuoted(string? text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in Flatten(text))
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
