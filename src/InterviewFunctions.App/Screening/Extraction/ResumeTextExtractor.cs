using System.Text;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>
/// Turns an uploaded resume (PDF, DOCX or plain text) into lines of text, and says what was hidden in it. The type is
/// judged from the bytes; the declared file name only words the error message. A file that cannot be read gives an
/// <see cref="ExtractionFailure"/>, never an exception. Stateless and thread-safe: register it once.
/// </summary>
public sealed class ResumeTextExtractor
{
    public ExtractionResult Extract(Stream content, string? declaredFileName = null, ExtractionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        limits ??= ExtractionLimits.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limits.MaxFileBytes)
            {
                return TooLarge(limits);
            }
        }
        return Extract(buffer.ToArray(), declaredFileName, limits);
    }

    public ExtractionResult Extract(ReadOnlySpan<byte> content, string? declaredFileName = null, ExtractionLimits? limits = null)
    {
        limits ??= ExtractionLimits.Default;
        if (content.IsEmpty)
        {
            return ExtractionResult.Fail(ExtractionFailureCode.Empty, "The file is empty.");
        }
        if (content.Length > limits.MaxFileBytes)
        {
            return TooLarge(limits);
        }
        try
        {
            return Sniff(content) switch
            {
                Detected.Pdf => PdfTextReader.Read(content.ToArray(), limits),
                Detected.Zip => DocxTextReader.Read(content.ToArray(), limits),
                Detected.Text => ReadText(content, limits),
                var other => Unsupported(other, declaredFileName),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The readers turn every failure they know into a typed result; anything left is a file they did not expect.
            return ExtractionResult.Fail(ExtractionFailureCode.Corrupt, $"The file could not be read ({e.GetType().Name}). Save it again as PDF or DOCX and upload it again.");
        }
    }

    private static ExtractionResult TooLarge(ExtractionLimits limits) =>
        ExtractionResult.Fail(ExtractionFailureCode.TooLarge, $"The file is larger than {limits.MaxFileBytes / (1024 * 1024.0):0.#} MB.");

    private enum Detected
    {
        Pdf,
        Zip,
        Text,
        Image,
        LegacyWord,
        Rtf,
        Binary,
    }

    private static Detected Sniff(ReadOnlySpan<byte> content)
    {
        // The PDF header may follow a little junk (some mail gateways prepend a line); readers accept it within 1 KB.
        if (content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return Detected.Pdf;
        }
        if (content.StartsWith("PK\x03\x04"u8) || content.StartsWith("PK\x05\x06"u8))
        {
            return Detected.Zip;
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || content.StartsWith("GIF8"u8)
            || content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8) || (content.StartsWith("RIFF"u8) && content.Length > 12 && content[8..12].SequenceEqual("WEBP"u8)))
        {
            return Detected.Image;
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return Detected.LegacyWord;
        }
        if (content.StartsWith("{\\rtf"u8))
        {
            return Detected.Rtf;
        }
        return PlainText.LooksLikeText(content) ? Detected.Text : Detected.Binary;
    }

    private static ExtractionResult Unsupported(Detected detected, string? declaredFileName)
    {
        var what = detected switch
        {
            Detected.Image => "an image",
            Detected.LegacyWord => "an old Word (.doc) or other OLE file",
            Detected.Rtf => "an RTF document",
            _ => "not a PDF, DOCX or text file",
        };
        var named = string.IsNullOrWhiteSpace(declaredFileName) ? "The file" : $"'{Path.GetFileName(declaredFileName)}'";
        var hint = detected == Detected.Image ? " Text in images cannot be read (OCR is not available)." : "";
        return ExtractionResult.Fail(ExtractionFailureCode.UnsupportedType, $"{named} is {what}, whatever its name says. Upload a PDF, DOCX or plain-text resume.{hint}");
    }

    private static ExtractionResult ReadText(ReadOnlySpan<byte> content, ExtractionLimits limits)
    {
        var text = PlainText.Decode(content);
        var document = new DocumentText { MaxCharacters = limits.MaxTextCharacters };
        foreach (var line in text.Split('\n'))
        {
            document.AddLine(line.TrimEnd('\r'));
        }
        return document.HasText
            ? ExtractionResult.Success(document.ToResume(ResumeFormat.Text))
            : ExtractionResult.Fail(ExtractionFailureCode.NoText, "The text file holds no text.");
    }
}

/// <summary>Plain-text detection and decoding: a BOM decides; otherwise strict UTF-8, then Windows-1252.</summary>
internal static class PlainText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool LooksLikeText(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }
        var sample = content[..Math.Min(content.Length, 8192)];
        if (Utf16WithoutBom(sample) is not null)
        {
            return true;
        }
        var suspicious = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                return false;
            }
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                suspicious++;
            }
        }
        // A few stray control bytes happen in pasted text; binary formats are full of them.
        return suspicious * 100 <= sample.Length;
    }

    public static string Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(content[3..]);
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(content[2..]);
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(content[2..]);
        }
        if (Utf16WithoutBom(content[..Math.Min(content.Length, 8192)]) is { } utf16)
        {
            return utf16.GetString(content);
        }
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.Decode(content);
        }
    }

    /// <summary>UTF-16 without a BOM shows as a zero in every other byte of ASCII-heavy text.</summary>
    private static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < 8 || sample.Length % 2 != 0)
        {
            return null;
        }
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }
        var pairs = sample.Length / 2;
        if (oddZeros > pairs * 0.7 && evenZeros == 0)
        {
            return Encoding.Unicode;
        }
        return evenZeros > pairs * 0.7 && oddZeros == 0 ? Encoding.BigEndianUnicode : null;
    }
}

internal static class Windows1252
{
    // 0x80 to 0x9F; the rest of Windows-1252 is Latin-1. Undefined codes become U+FFFD and are dropped later.
    private const string HighControls = "€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ";

    public static char ToChar(byte b) => b is >= 0x80 and <= 0x9F ? HighControls[b - 0x80] : (char)b;

    public static string Decode(ReadOnlySpan<byte> content)
    {
        var chars = new char[content.Length];
        for (var i = 0; i < content.Length; i++)
        {
            chars[i] = ToChar(content[i]);
        }
        return new string(chars).Replace("\uFFFD", "", StringComparison.Ordinal);
    }
}
