using System.IO.Compression;
using System.Text;
using InterviewFunctions.App.Screening.Extraction;
using InterviewFunctions.App.Screening.Extraction.Pdf;
using InterviewFunctions.Tests.Support;
using Xunit.Abstractions;

namespace InterviewFunctions.Tests.Screening;

/// <summary>
/// The PDF object layer under the text reader: cross-reference forms, incremental updates, recovery, filters, the
/// Standard security handler, and bounded behaviour on damaged and hostile files. Fixtures are made by
/// <c>Fixtures/Sources/make_pdf_structure_fixtures.py</c> (encryption by qpdf, an independent implementation).
/// </summary>
public sealed class PdfReaderTests(ITestOutputHelper output)
{
    private static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Screening", "Fixtures");
    private readonly ResumeTextExtractor _extractor = new();

    private static readonly string[] XrefStreamLines =
    [
        "Morgan Ellery",
        "Site Reliability Engineer",
        "Experience",
        "Staff SRE, Northwind Cloud, 2020 - Present",
        "Built the incident pipeline with object streams",
    ];

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Fixtures, name));

    private ExtractedResume Extracted(byte[] pdf, string name = "resume.pdf")
    {
        var result = _extractor.Extract(pdf, name);
        Assert.True(result.Succeeded, $"{name}: {result.Failure?.Code} {result.Failure?.Message}");
        Assert.Equal(ResumeFormat.Pdf, result.Resume.Format);
        return result.Resume;
    }

    [Theory]
    [InlineData("structure-xref-stream.pdf")]
    [InlineData("encrypted-rc4-40.pdf")]
    [InlineData("encrypted-rc4-128.pdf")]
    [InlineData("encrypted-aes256-r5.pdf")]
    public void Xref_streams_and_object_streams_are_read_plain_and_under_every_cipher(string fixture)
    {
        var resume = Extracted(Fixture(fixture), fixture);

        AssertLinesInOrder(resume.Text, XrefStreamLines);
        Assert.Empty(resume.Warnings);
    }

    [Fact]
    public void Aes_256_r6_with_encrypted_object_streams_reads_the_libreoffice_resume()
    {
        var resume = Extracted(Fixture("encrypted-aes256-objstm.pdf"));

        AssertLinesInOrder(resume.Text, "Zoë Łukasiewicz, RN", "Kraków, Poland", "Charge Nurse, Intensive Care Unit", "Feb 2021 – Present", "Jagiellonian University");
        Assert.Empty(resume.Warnings);
    }

    [Fact]
    public void A_hybrid_file_finds_its_compressed_objects_through_xrefstm()
    {
        var resume = Extracted(Fixture("structure-hybrid.pdf"));

        AssertLinesInOrder(resume.Text, "Morgan Ellery", "Hybrid Reference Engineer", "Listed through XRefStm");
        Assert.Empty(resume.Warnings);
    }

    [Fact]
    public void An_incremental_update_replaces_the_older_revision()
    {
        var resume = Extracted(Fixture("structure-incremental.pdf"));

        AssertLinesInOrder(resume.Text, "Riley Okafor", "Principal Data Engineer", "Lead Engineer, Tailspin Toys, 2023 - Present");
        Assert.DoesNotContain("Junior Analyst", resume.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2021 - 2023", resume.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_xref_is_rebuilt_by_scanning_and_says_so()
    {
        var resume = Extracted(Fixture("structure-broken-xref.pdf"));

        AssertLinesInOrder(resume.Text, "Sasha Lindqvist", "Clinical Data Manager", "Recovered by scanning the file");
        Assert.Contains(resume.Warnings, w => w.Contains("found by scanning", StringComparison.Ordinal));
    }

    [Fact]
    public void Ascii85_lzw_hex_run_length_and_png_predictor_streams_decode()
    {
        var resume = Extracted(Fixture("structure-filters.pdf"));

        AssertLinesInOrder(resume.Text,
            "Jordan Abara",
            "ASCII85 and Flate chain decoded",
            "LZW section: firmware0 firmware1",
            "firmware11",
            "LZW early change decoded",
            "LZW without early change decoded",
            "Hex and run length",
            "PNG predictor rows decoded",
            "Skills: C, Rust, Zephyr RTOS, CAN bus");
        Assert.Empty(resume.Warnings);
    }

    [Fact]
    public void A_user_password_is_refused_whatever_the_cipher()
    {
        foreach (var fixture in new[] { "encrypted-user-password.pdf" })
        {
            var result = _extractor.Extract(Fixture(fixture), fixture);

            Assert.Equal(ExtractionFailureCode.Encrypted, result.Failure?.Code);
        }
        // An RC4 file whose /U does not match the empty password (as if made with a user password) is refused too.
        var rc4 = Fixture("encrypted-rc4-128.pdf");
        var u = rc4.AsSpan().IndexOf("/U <"u8) + 4;
        Assert.True(u > 4);
        rc4[u] = rc4[u] == (byte)'0' ? (byte)'1' : (byte)'0';
        Assert.Equal(ExtractionFailureCode.Encrypted, _extractor.Extract(rc4, "resume.pdf").Failure?.Code);
    }

    [Fact]
    public void Strings_names_and_numbers_follow_the_pdf_syntax()
    {
        var source = "(a\\(b\\)c (nested) \\101\\60\\0617 tab\\tend\\\r\nnext) <48 65 6c6C 6f7> /Name#20With#2FEscapes -12.5 +3 .5 7 0 R [1 (x) /N] << /K /V /Deep << /A 1 >> >> true null"u8.ToArray();
        var parser = new PdfParser(source, 0, source.Length, null);

        Assert.Equal("a(b)c (nested) A017 tab\tendnext", Encoding.Latin1.GetString(((PdfString)parser.ReadObject(false)!).Bytes));
        Assert.Equal("Hellop", Encoding.Latin1.GetString(((PdfString)parser.ReadObject(false)!).Bytes));
        Assert.Equal("Name With/Escapes", ((PdfName)parser.ReadObject(false)!).Value);
        Assert.Equal(-12.5, parser.ReadObject(false));
        Assert.Equal(3.0, parser.ReadObject(false));
        Assert.Equal(0.5, parser.ReadObject(false));
        var withReferences = new PdfParser(source, parser.Position, source.Length, null);
        Assert.Equal(new PdfReference(7, 0), withReferences.ReadObject(true));
        var array = (PdfArray)withReferences.ReadObject(true)!;
        Assert.Equal(3, array.Count);
        var dictionary = (PdfDictionary)withReferences.ReadObject(true)!;
        Assert.Equal("V", dictionary.Name("K"));
        Assert.Equal(1.0, dictionary.Dictionary("Deep")?.Number("A"));
        Assert.Equal(true, withReferences.ReadObject(true));
        Assert.Null(withReferences.ReadObject(true));
        Assert.Same(PdfParser.EndOfData, withReferences.ReadObject(true));
    }

    [Fact]
    public void Inline_images_are_skipped_even_when_their_data_looks_like_operators()
    {
        var content = "BT /F1 11 Tf 56 700 Td (Before the logo) Tj ET\nq 20 0 0 20 56 650 cm BI /W 4 /H 4 /BPC 8 /CS /G ID \x01ET (Hidden?) Tj\xff\x00 EI Q\nBT /F1 11 Tf 56 600 Td (After the logo) Tj ET\n";

        var resume = Extracted(OnePagePdf(content));

        AssertLinesInOrder(resume.Text, "Before the logo", "After the logo");
        Assert.DoesNotContain("Hidden", resume.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6 0 R")] // indirect, correct
    [InlineData("5")] // far too short
    [InlineData("100000")] // past the end of the file
    [InlineData("7 0 R")] // indirect, pointing at nothing
    [InlineData("/Oops")] // not a number
    public void Stream_lengths_that_are_indirect_or_wrong_still_find_endstream(string length)
    {
        var content = "BT /F1 11 Tf 56 700 Td (Length handled) Tj ET\nBT /F1 11 Tf 56 680 Td (Second line kept) Tj ET";
        var pdf = BuildPdf(
        [
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
            Ascii($"<< /Length {length} >>\nstream\n{content}\nendstream"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            Ascii(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);

        var resume = Extracted(pdf);

        AssertLinesInOrder(resume.Text, "Length handled", "Second line kept");
    }

    [Fact]
    public void Rotated_pages_read_in_display_order()
    {
        // Text drawn up the page in user space reads left to right once the page is turned by /Rotate 90.
        var content = "BT /F1 11 Tf 0 1 -1 0 80 56 Tm (First line) Tj ET\nBT /F1 11 Tf 0 1 -1 0 100 56 Tm (Second line) Tj ET\n";

        var resume = Extracted(OnePagePdf(content, pageExtra: "/Rotate 90"));

        AssertLinesInOrder(resume.Text, "First line", "Second line");
    }

    [Fact]
    public void Pages_past_the_limit_are_counted_and_skipped_with_a_warning()
    {
        var pages = Enumerable.Range(1, 40).Select(i => $"BT /F1 11 Tf 56 700 Td (Page {i} text) Tj ET\n").ToArray();

        var resume = Extracted(PagesPdf(pages));

        Assert.Equal(40, resume.PageCount);
        Assert.Contains("Page 30 text", resume.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Page 31 text", resume.Text, StringComparison.Ordinal);
        Assert.Contains(resume.Warnings, w => w.Contains("first 30 of 40", StringComparison.Ordinal));
    }

    [Fact]
    public void A_decompression_bomb_stops_at_the_budget_and_the_other_pages_still_read()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 60; i++)
            {
                zlib.Write(spaces);
            }
        }
        var bomb = compressed.ToArray();
        var pdf = BuildPdf(
        [
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>"),
            [.. Ascii($"<< /Length {bomb.Length} /Filter /FlateDecode >>\nstream\n"), .. bomb, .. Ascii("\nendstream")],
            FlateStream("BT /F1 11 Tf 56 700 Td (Survives the bomb) Tj ET\n"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        ]);

        var resume = Extracted(pdf);

        Assert.Contains("Survives the bomb", resume.Text, StringComparison.Ordinal);
        Assert.Contains(resume.Warnings, w => w.Contains("Page 1 could not be read completely", StringComparison.Ordinal));
    }

    [Fact]
    public void Hostile_structures_end_with_a_result()
    {
        var deepArray = new string('[', 100_000) + new string(']', 100_000);
        var selfDrawingForm = "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> /Font << /F1 6 0 R >> >> /Length 60 >>\nstream\n/X Do /X Do /X Do /X Do BT /F1 9 Tf (loop) Tj ET /X Do /X Do\nendstream";
        byte[][] cases =
        [
            // /Kids pointing back at the root, /Length pointing at itself, /Resources referring to itself.
            BuildPdf([Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Ascii("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>"), Ascii("<< /Type /Page /Parent 2 0 R /Resources 3 0 R /Contents 4 0 R >>"), Ascii("<< /Length 4 0 R >>\nstream\nBT ET\nendstream")]),
            // Nesting deeper than any real file.
            OnePagePdf("BT /F1 9 Tf 56 700 Td (Deep) Tj ET " + deepArray + " Tj"),
            BuildPdf([Ascii("<< /Type /Catalog /Pages 2 0 R /Junk " + deepArray + " >>"), Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"), Ascii("<< /Type /Page /Parent 2 0 R >>")]),
            // A Form XObject that draws itself (guarded) and forms that fan out: bounded by depth and the operation budget.
            BuildPdf([Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"), Ascii("<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>"), Stream("/X Do /X Do\n"), Ascii(selfDrawingForm), Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")]),
            FanOutForms(),
            // A huge /Length, a stream without endstream, an xref claiming two billion entries.
            BuildPdf([Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"), Ascii("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"), Ascii("<< /Length 99999999999 >>\nstream\nBT (x) Tj ET")]),
            Ascii("%PDF-1.5\n1 0 obj\n<< /Type /XRef /W [0 0 0] /Index [0 2000000000] /Size 2000000000 /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF"),
            Ascii("%PDF-1.4\nxref\n0 2000000000\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF"),
            // q without Q, a hundred thousand times.
            OnePagePdf(string.Concat(Enumerable.Repeat("q ", 100_000)) + "BT /F1 9 Tf 56 700 Td (Still here) Tj ET"),
            Ascii("%PDF-"),
            Ascii("%PDF-1.7\n" + string.Concat(Enumerable.Repeat("1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n", 2000))),
        ];
        var outcomes = new List<string>();
        foreach (var pdf in cases)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = _extractor.Extract(pdf, "hostile.pdf");

            AssertTyped(result);
            outcomes.Add((result.Succeeded ? "read" : result.Failure.Code.ToString()) + $" ({clock.ElapsedMilliseconds} ms)");
        }
        output.WriteLine(string.Join(", ", outcomes));
        Assert.StartsWith("read", outcomes[8], StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_byte_flipped_copies_of_every_pdf_fixture_end_with_a_typed_result()
    {
        var fixtures = Directory.GetFiles(Fixtures, "*.pdf").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.True(fixtures.Count >= 15);
        var outcomes = new Dictionary<string, int>();
        var pageFailures = new List<string>();
        var calls = 0;
        foreach (var fixture in fixtures)
        {
            var original = Fixture(fixture);
            var random = new Random(fixture.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
            for (var round = 0; round < 30; round++)
            {
                var damaged = (byte[])original.Clone();
                switch (round % 3)
                {
                    case 0:
                        damaged = damaged[..random.Next(1, damaged.Length)];
                        break;
                    case 1:
                        for (var flips = 0; flips < 1 + round; flips++)
                        {
                            damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                        }
                        break;
                    default:
                        // Digits changed where offsets, lengths and object numbers live.
                        for (var flips = 0; flips < 1 + round / 3; flips++)
                        {
                            var at = random.Next(damaged.Length);
                            if (damaged[at] is >= (byte)'0' and <= (byte)'9')
                            {
                                damaged[at] = (byte)('0' + random.Next(10));
                            }
                        }
                        damaged = damaged[..Math.Max(1, damaged.Length - random.Next(0, 64))];
                        break;
                }

                var result = _extractor.Extract(damaged, fixture);

                AssertTyped(result);
                foreach (var warning in result.Resume?.Warnings ?? [])
                {
                    if (warning.Contains("could not be read completely", StringComparison.Ordinal))
                    {
                        pageFailures.Add(warning[(warning.IndexOf('(', StringComparison.Ordinal) + 1)..].TrimEnd(')', '.'));
                    }
                }
                var key = result.Succeeded ? "read" : result.Failure.Code.ToString();
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                calls++;
            }
        }
        output.WriteLine($"{calls} damaged files: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        output.WriteLine("pages that failed: " + string.Join(", ", pageFailures.GroupBy(f => f).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(outcomes.GetValueOrDefault("read") > 0);
    }

    /// <summary>A result from the PDF reader itself: success, or a failure it chose, never the extractor's last-resort catch of an escaped exception.</summary>
    private static void AssertTyped(ExtractionResult result)
    {
        Assert.NotNull(result);
        if (!result.Succeeded)
        {
            Assert.DoesNotContain("could not be read (", result.Failure.Message, StringComparison.Ordinal);
            Assert.True(result.Failure.Message.Length > 20);
        }
    }

    private static byte[] FanOutForms()
    {
        // Form N draws form N+1 ten times, eight levels deep: 10^8 draws if nothing bounded the work.
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X 5 0 R >> /Font << /F1 4 0 R >> >> /Contents 14 0 R >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        };
        for (var level = 0; level < 9; level++)
        {
            var next = level < 8 ? $"/XObject << /X {6 + level} 0 R >> " : "";
            var body = level < 8 ? string.Concat(Enumerable.Repeat("/X Do ", 10)) : "BT /F1 9 Tf (leaf) Tj ET";
            objects.Add(Ascii($"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << {next}/Font << /F1 4 0 R >> >> /Length {body.Length} >>\nstream\n{body}\nendstream"));
        }
        objects.Add(Stream("/X Do\n"));
        return BuildPdf([.. objects]);
    }

    private static byte[] OnePagePdf(string content, string pageExtra = "") => BuildPdf(
    [
        Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
        Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {pageExtra} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        Stream(content),
        Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
    ]);

    private static byte[] PagesPdf(string[] contents)
    {
        var kids = string.Join(" ", contents.Select((_, i) => $"{4 + 2 * i} 0 R"));
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii($"<< /Type /Pages /Kids [{kids}] /Count {contents.Length} /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        };
        for (var i = 0; i < contents.Length; i++)
        {
            objects.Add(Ascii($"<< /Type /Page /Parent 2 0 R /Contents {5 + 2 * i} 0 R >>"));
            objects.Add(Stream(contents[i]));
        }
        return BuildPdf([.. objects]);
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>A Flate stream: after a refused bomb, the budget must still have room for honest compressed streams.</summary>
    private static byte[] FlateStream(string content)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.Latin1.GetBytes(content));
        }
        var data = compressed.ToArray();
        return [.. Ascii($"<< /Length {data.Length} /Filter /FlateDecode >>\nstream\n"), .. data, .. Ascii("\nendstream")];
    }

    private static byte[] Stream(string content) => Ascii($"<< /Length {Encoding.Latin1.GetByteCount(content)} >>\nstream\n{content}\nendstream");

    /// <summary>A PDF with the given object bodies numbered from 1, a classic xref table and object 1 as the root.</summary>
    private static byte[] BuildPdf(byte[][] objects)
    {
        using var pdf = new MemoryStream();
        pdf.Write("%PDF-1.4\n"u8);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Write(Ascii($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }
        var xref = pdf.Length;
        pdf.Write(Ascii($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            pdf.Write(Ascii($"{offset:D10} 00000 n \n"));
        }
        pdf.Write(Ascii($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return pdf.ToArray();
    }

    private static void AssertLinesInOrder(string text, params string[] expected)
    {
        var lines = text.Split('\n');
        var (line, column) = (0, 0);
        foreach (var fragment in expected)
        {
            while (line < lines.Length && lines[line].IndexOf(fragment, column, StringComparison.Ordinal) < 0)
            {
                (line, column) = (line + 1, 0);
            }
            Assert.True(line < lines.Length, $"'{fragment}' was not found in order in:\n{text}");
            column = lines[line].IndexOf(fragment, column, StringComparison.Ordinal) + fragment.Length;
        }
    }
}
