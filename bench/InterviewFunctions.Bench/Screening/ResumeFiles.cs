using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace InterviewFunctions.Bench.Screening;

/// <summary>The same resume lines as the three upload formats: plain UTF-8 text, a Word document and a PDF.</summary>
internal static class ResumeFiles
{
    public static byte[] Text(string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines));

    /// <summary>One paragraph per line, as a word processor saves it.</summary>
    public static byte[] Docx(string[] lines)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var line in lines)
            {
                var paragraph = new Paragraph();
                if (line.Length > 0)
                {
                    var run = new Run(new Text(line) { Space = SpaceProcessingModeValues.Preserve });
                    if (line.Length < 40 && !line.Any(char.IsLower) && line.Any(char.IsLetter))
                    {
                        run.PrependChild(new RunProperties(new Bold()));
                    }
                    paragraph.Append(run);
                }
                body.Append(paragraph);
            }
            body.Append(new SectionProperties(new PageSize { Width = 11906U, Height = 16838U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A minimal PDF 1.4 as simple generators write it: A4 pages, Helvetica (WinAnsiEncoding) at 10.5 pt, one text
    /// object per page with a Flate-compressed content stream, a blank line as an empty step down, and a correct xref.
    /// </summary>
    public static byte[] Pdf(string[] lines)
    {
        const double top = 800, bottom = 50, leading = 14, left = 56;
        var pages = new List<byte[]>();
        var content = new MemoryStream();
        var y = top;
        void StartPage()
        {
            content = new MemoryStream();
            Write(content, "BT\n/F1 10.5 Tf\n");
            y = top;
        }
        void EndPage()
        {
            Write(content, "ET\n");
            pages.Add(Compress(content.ToArray()));
        }
        StartPage();
        foreach (var line in lines)
        {
            if (y < bottom)
            {
                EndPage();
                StartPage();
            }
            if (line.Length > 0)
            {
                Write(content, Invariant($"1 0 0 1 {left} {y:0.##} Tm ("));
                content.Write(Escape(line));
                Write(content, ") Tj\n");
            }
            y -= leading;
        }
        EndPage();

        // Objects: 1 catalog, 2 pages, 3 font, then a page and its content for each page.
        var output = new MemoryStream();
        var offsets = new List<long>();
        Write(output, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        void Object(int number, string body, byte[]? stream = null)
        {
            while (offsets.Count < number)
            {
                offsets.Add(0);
            }
            offsets[number - 1] = output.Position;
            Write(output, Invariant($"{number} 0 obj\n{body}\n"));
            if (stream is not null)
            {
                Write(output, "stream\n");
                output.Write(stream);
                Write(output, "\nendstream\n");
            }
            Write(output, "endobj\n");
        }
        var kids = string.Join(" ", Enumerable.Range(0, pages.Count).Select(i => Invariant($"{4 + 2 * i} 0 R")));
        Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        Object(2, Invariant($"<< /Type /Pages /Kids [{kids}] /Count {pages.Count} >>"));
        Object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        for (var i = 0; i < pages.Count; i++)
        {
            Object(4 + 2 * i, Invariant($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"));
            Object(5 + 2 * i, Invariant($"<< /Length {pages[i].Length} /Filter /FlateDecode >>"), pages[i]);
        }
        var xref = output.Position;
        var table = new StringBuilder();
        table.Append(Invariant($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            table.Append(Invariant($"{offset:0000000000} 00000 n \n"));
        }
        table.Append(Invariant($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        Write(output, table.ToString());
        return output.ToArray();
    }

    private static byte[] Compress(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return compressed.ToArray();
    }

    /// <summary>A PDF literal string in WinAnsiEncoding: the punctuation resumes use maps to its Windows-1252 byte.</summary>
    private static byte[] Escape(string text)
    {
        var bytes = new List<byte>(text.Length + 8);
        foreach (var c in text)
        {
            var b = c switch
            {
                '–' => (byte)0x96,
                '—' => (byte)0x97,
                '•' => (byte)0x95,
                '’' => (byte)0x92,
                '‘' => (byte)0x91,
                '“' => (byte)0x93,
                '”' => (byte)0x94,
                _ when c < 0x100 => (byte)c,
                _ => (byte)'?',
            };
            if (b is (byte)'(' or (byte)')' or (byte)'\\')
            {
                bytes.Add((byte)'\\');
            }
            bytes.Add(b);
        }
        return [.. bytes];
    }

    private static void Write(Stream stream, string ascii) => stream.Write(Encoding.Latin1.GetBytes(ascii));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
