using System.Net;
using System.Text;

namespace InterviewFunctions.Core.Email;

/// <summary>A labelled value; <paramref name="Link"/> makes the value a link in HTML.</summary>
internal sealed record EmailFact(string Label, string Value, Uri? Link = null);

/// <summary>
/// The content of an email as a few kinds of block, rendered once as plain text and once as HTML, so that both
/// always say the same and every value is HTML-encoded in exactly one place.
/// </summary>
internal sealed class EmailBody
{
    private readonly List<Block> _blocks = [];

    public EmailBody Paragraph(string text)
    {
        _blocks.Add(new Block.Paragraph(text));
        return this;
    }

    public EmailBody Heading(string text)
    {
        _blocks.Add(new Block.Heading(text));
        return this;
    }

    public EmailBody Facts(IEnumerable<EmailFact> facts)
    {
        var list = facts.ToList();
        if (list.Count > 0)
        {
            _blocks.Add(new Block.Facts(list));
        }
        return this;
    }

    public EmailBody Bullets(IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            _blocks.Add(new Block.Bullets(list));
        }
        return this;
    }

    public string PlainText()
    {
        var output = new StringBuilder();
        foreach (var block in _blocks)
        {
            if (output.Length > 0)
            {
                output.Append('\n');
            }
            switch (block)
            {
                case Block.Paragraph p:
                    output.Append(Normalize(p.Text)).Append('\n');
                    break;
                case Block.Heading h:
                    output.Append(Normalize(h.Text)).Append('\n').Append('-', Math.Min(h.Text.Length, 60)).Append('\n');
                    break;
                case Block.Facts f:
                    foreach (var fact in f.Items)
                    {
                        output.Append(Normalize(fact.Label)).Append(": ").Append(Normalize(fact.Value)).Append('\n');
                    }
                    break;
                case Block.Bullets b:
                    foreach (var item in b.Items)
                    {
                        output.Append("- ").Append(Normalize(item).Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
                    }
                    break;
            }
        }
        return output.ToString();
    }

    public string Html(string title)
    {
        var output = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n</head>\n")
            .Append("<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;max-width:640px\">\n");
        foreach (var block in _blocks)
        {
            switch (block)
            {
                case Block.Paragraph p:
                    output.Append("<p>").Append(Encode(p.Text)).Append("</p>\n");
                    break;
                case Block.Heading h:
                    output.Append("<h2 style=\"font-size:17px;margin:24px 0 8px\">").Append(Encode(h.Text)).Append("</h2>\n");
                    break;
                case Block.Facts f:
                    output.Append("<table role=\"presentation\" style=\"border-collapse:collapse\">\n");
                    foreach (var fact in f.Items)
                    {
                        output.Append("<tr><th style=\"text-align:left;vertical-align:top;padding:2px 16px 2px 0;white-space:nowrap\">")
                            .Append(Encode(fact.Label)).Append("</th><td style=\"padding:2px 0\">");
                        if (fact.Link is { } link && IsWebLink(link))
                        {
                            output.Append("<a href=\"").Append(WebUtility.HtmlEncode(link.AbsoluteUri)).Append("\">").Append(Encode(fact.Value)).Append("</a>");
                        }
                        else
                        {
                            output.Append(Encode(fact.Value));
                        }
                        output.Append("</td></tr>\n");
                    }
                    output.Append("</table>\n");
                    break;
                case Block.Bullets b:
                    output.Append("<ul>\n");
                    foreach (var item in b.Items)
                    {
                        output.Append("<li>").Append(Encode(item)).Append("</li>\n");
                    }
                    output.Append("</ul>\n");
                    break;
            }
        }
        return output.Append("</body>\n</html>\n").ToString();
    }

    public static bool IsWebLink(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>HTML-encodes text (quotes and apostrophes included) and keeps its line breaks.</summary>
    private static string Encode(string text) =>
        WebUtility.HtmlEncode(Normalize(text)).Replace("\n", "<br>\n", StringComparison.Ordinal);

    /// <summary>One kind of line break, and no control characters that mail clients render unpredictably.</summary>
    private static string Normalize(string text)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return new string([.. unified.Where(c => c is '\n' or '\t' || !char.IsControl(c))]);
    }

    private abstract record Block
    {
        public sealed record Paragraph(string Text) : Block;

        public sealed record Heading(string Text) : Block;

        public sealed record Facts(IReadOnlyList<EmailFact> Items) : Block;

        public sealed record Bullets(IReadOnlyList<string> Items) : Block;
    }
}
