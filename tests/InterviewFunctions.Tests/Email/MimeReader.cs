using System.Text;
using System.Text.RegularExpressions;

namespace InterviewFunctions.Tests.Email;

/// <summary>
/// A small, strict MIME reader for the tests, written independently of the app's writer: headers (unfolded, raw),
/// multipart bodies split on their boundaries, and quoted-printable or base64 bodies decoded. It fails loudly on
/// anything it does not expect instead of guessing.
/// </summary>
public sealed partial class MimeEntity
{
    public required IReadOnlyList<(string Name, string Value)> Headers { get; init; }

    public required string RawBody { get; init; }

    public IReadOnlyList<MimeEntity> Parts { get; init; } = [];

    public string? Header(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();

    public string MediaType => (Header("Content-Type") ?? "text/plain").Split(';')[0].Trim().ToLowerInvariant();

    public string? Parameter(string name)
    {
        var match = Regex.Match(Header("Content-Type") ?? "", $@";\s*{Regex.Escape(name)}=(""(?<q>[^""]*)""|(?<t>[^;\s]+))", RegexOptions.IgnoreCase);
        return match.Success ? (match.Groups["q"].Success ? match.Groups["q"].Value : match.Groups["t"].Value) : null;
    }

    public byte[] DecodedBody => (Header("Content-Transfer-Encoding") ?? "7bit").ToLowerInvariant() switch
    {
        "base64" => Convert.FromBase64String(RawBody.Replace("\r\n", "", StringComparison.Ordinal)),
        "quoted-printable" => DecodeQuotedPrintable(RawBody),
        "7bit" or "8bit" => Encoding.UTF8.GetBytes(RawBody),
        var other => throw new InvalidDataException($"Unexpected transfer encoding {other}"),
    };

    public string Text => Encoding.UTF8.GetString(DecodedBody);

    public static MimeEntity Parse(string text)
    {
        Assert.DoesNotMatch(BareLineFeed(), text);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "An entity needs a header block and an empty line.");
        var headers = new List<(string, string)>();
        foreach (var line in Unfold(text[..split]).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"Not a header line: {line}");
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        var body = text[(split + 4)..];
        var entity = new MimeEntity { Headers = headers, RawBody = body };
        if (!entity.MediaType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            return entity;
        }
        var boundary = entity.Parameter("boundary") ?? throw new InvalidDataException("A multipart entity without a boundary.");
        var delimiter = "\r\n--" + boundary;
        var withLeadingBreak = "\r\n" + body;
        var close = withLeadingBreak.IndexOf(delimiter + "--", StringComparison.Ordinal);
        Assert.True(close >= 0, $"The closing boundary --{boundary}-- is missing.");
        var pieces = withLeadingBreak[..close].Split(delimiter);
        // pieces[0] is the preamble; each part starts after the rest of its boundary line.
        var parts = pieces.Skip(1).Select(p =>
        {
            Assert.StartsWith("\r\n", p);
            return Parse(p[2..]);
        }).ToList();
        return new MimeEntity { Headers = headers, RawBody = body, Parts = parts };
    }

    private static string Unfold(string headerBlock) => FoldedBreak().Replace(headerBlock, "");

    private static byte[] DecodeQuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        foreach (var line in text.Split("\r\n").Select((l, i) => (l, i)))
        {
            Assert.True(line.l.Length <= 76, $"A quoted-printable line longer than 76 characters: {line.l}");
            var content = line.l;
            var soft = content.EndsWith('=');
            if (soft)
            {
                content = content[..^1];
            }
            for (var i = 0; i < content.Length; i++)
            {
                if (content[i] == '=')
                {
                    bytes.Add(Convert.ToByte(content.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    Assert.InRange(content[i], ' ', '~');
                    bytes.Add((byte)content[i]);
                }
            }
            if (!soft && line.i < text.Split("\r\n").Length - 1)
            {
                bytes.AddRange("\r\n"u8.ToArray());
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"(?<!\r)\n")]
    private static partial Regex BareLineFeed();

    [GeneratedRegex(@"\r\n(?=[ \t])")]
    private static partial Regex FoldedBreak();
}
