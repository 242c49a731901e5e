using System.IO.Compression;

namespace InterviewFunctions.App.Screening.Extraction.Pdf;

/// <summary>
/// Stream filters (ISO 32000-1 §7.4): FlateDecode, LZWDecode (with /EarlyChange), ASCIIHexDecode, ASCII85Decode and
/// RunLengthDecode, in chains, with PNG and TIFF predictors. Image codecs (DCT, JPX, CCITT, JBIG2) are never decoded:
/// text extraction has no use for pixels, so such a stream decodes to null. Every output counts against the document's
/// <see cref="DecodeBudget"/>, which is what stops a decompression bomb.
/// </summary>
internal static class PdfFilters
{
    public static byte[]? Decode(byte[] data, PdfDictionary stream, DecodeBudget budget)
    {
        var filters = stream["Filter"] ?? stream["F"];
        var parameters = stream["DecodeParms"] ?? stream["DP"];
        switch (filters)
        {
            case PdfName single:
                return Apply(single.Value, data, parameters as PdfDictionary, budget);
            case PdfArray chain:
                for (var i = 0; i < chain.Count && i < 16; i++)
                {
                    if (chain[i] is not PdfName name)
                    {
                        continue;
                    }
                    var own = parameters is PdfArray list ? list[i] as PdfDictionary : parameters as PdfDictionary;
                    var next = Apply(name.Value, data, own, budget);
                    if (next is null)
                    {
                        return null;
                    }
                    data = next;
                }
                return data;
            default:
                return data;
        }
    }

    private static byte[]? Apply(string filter, byte[] data, PdfDictionary? parameters, DecodeBudget budget)
    {
        byte[] output;
        switch (filter)
        {
            case "FlateDecode" or "Fl":
                output = Predict(Inflate(data, budget), parameters, budget);
                break;
            case "LZWDecode" or "LZW":
                output = Predict(Lzw(data, (int)(parameters?.Number("EarlyChange", 1) ?? 1), budget), parameters, budget);
                break;
            case "ASCIIHexDecode" or "AHx":
                output = AsciiHex(data);
                break;
            case "ASCII85Decode" or "A85":
                output = Ascii85(data);
                break;
            case "RunLengthDecode" or "RL":
                output = RunLength(data, budget);
                break;
            case "Crypt":
                return data; // only the Identity crypt filter is met in practice; the document key already decrypted the stream
            default:
                return null; // DCTDecode, JPXDecode, CCITTFaxDecode, JBIG2Decode or unknown: pixels, not text
        }
        budget.Spend(output.Length);
        return output;
    }

    /// <summary>
    /// zlib data read as raw deflate after its 2-byte header, so a wrong or missing Adler-32 checksum does not matter,
    /// and truncated data gives what could be inflated. Output beyond the budget stops the read.
    /// </summary>
    private static byte[] Inflate(byte[] data, DecodeBudget budget)
    {
        var offset = 0;
        if (data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0)
        {
            offset = (data[1] & 0x20) != 0 ? 6 : 2; // FDICT adds a 4-byte dictionary id
        }
        if (offset > data.Length)
        {
            return [];
        }
        using var input = new MemoryStream(data, offset, data.Length - offset, writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(Math.Min(data.Length * 4, 1 << 20));
        var chunk = new byte[16384];
        try
        {
            int read;
            while ((read = inflater.Read(chunk, 0, chunk.Length)) > 0)
            {
                output.Write(chunk, 0, read);
                budget.EnsureRoomFor(output.Length);
            }
        }
        catch (InvalidDataException)
        {
            // Damaged or truncated: keep what inflated before the damage.
        }
        return output.ToArray();
    }

    private static byte[] Lzw(byte[] data, int earlyChange, DecodeBudget budget)
    {
        var prefix = new int[4096];
        var suffix = new byte[4096];
        for (var i = 0; i < 256; i++)
        {
            prefix[i] = -1;
            suffix[i] = (byte)i;
        }
        var output = new List<byte>(data.Length * 3);
        var stack = new byte[4096];
        int next = 258, width = 9, previous = -1;
        long bits = 0;
        var bitCount = 0;
        var position = 0;
        while (true)
        {
            while (bitCount < width && position < data.Length)
            {
                bits = (bits << 8) | data[position++];
                bitCount += 8;
            }
            if (bitCount < width)
            {
                break;
            }
            var code = (int)((bits >> (bitCount - width)) & ((1 << width) - 1));
            bitCount -= width;
            if (code == 256)
            {
                next = 258;
                width = 9;
                previous = -1;
                continue;
            }
            if (code == 257)
            {
                break;
            }
            int emit;
            byte first;
            if (code < next && (code < 256 || code >= 258))
            {
                emit = code;
            }
            else if (code == next && previous >= 0)
            {
                emit = -1; // the KwKwK case: the previous string plus its own first byte
            }
            else
            {
                break; // a code that cannot occur: the data is damaged
            }
            var length = 0;
            for (var c = emit >= 0 ? emit : previous; c >= 0 && length < stack.Length; c = prefix[c])
            {
                stack[length++] = suffix[c];
            }
            first = stack[length - 1];
            for (var i = length - 1; i >= 0; i--)
            {
                output.Add(stack[i]);
            }
            if (emit < 0)
            {
                output.Add(first);
            }
            budget.EnsureRoomFor(output.Count);
            if (previous >= 0 && next < 4096)
            {
                prefix[next] = previous;
                suffix[next] = first;
                next++;
            }
            previous = code;
            if (next + earlyChange >= 1 << width && width < 12)
            {
                width++;
            }
        }
        return output.ToArray();
    }

    private static byte[] AsciiHex(byte[] data)
    {
        var output = new byte[data.Length / 2 + 1];
        var length = 0;
        var high = -1;
        foreach (var b in data)
        {
            if (b == '>')
            {
                break;
            }
            var value = PdfParser.HexValue(b);
            if (value < 0)
            {
                continue;
            }
            if (high < 0)
            {
                high = value;
            }
            else
            {
                output[length++] = (byte)(high << 4 | value);
                high = -1;
            }
        }
        if (high >= 0)
        {
            output[length++] = (byte)(high << 4);
        }
        return output.AsSpan(0, length).ToArray();
    }

    private static byte[] Ascii85(byte[] data)
    {
        var output = new byte[data.Length + 4];
        var length = 0;
        var start = data.AsSpan().StartsWith("<~"u8) ? 2 : 0;
        long group = 0;
        var count = 0;
        for (var i = start; i < data.Length; i++)
        {
            var b = data[i];
            if (b == '~')
            {
                break;
            }
            if (b == 'z' && count == 0)
            {
                EnsureRoom(ref output, length + 4);
                length += 4; // four zero bytes; the array is zeroed
                continue;
            }
            if (b is < (byte)'!' or > (byte)'u')
            {
                continue; // whitespace and stray bytes
            }
            group = group * 85 + (b - '!');
            if (++count == 5)
            {
                EnsureRoom(ref output, length + 4);
                for (var k = 3; k >= 0; k--)
                {
                    output[length + k] = (byte)group;
                    group >>= 8;
                }
                length += 4;
                group = 0;
                count = 0;
            }
        }
        if (count > 1)
        {
            // A final partial group of n characters gives n - 1 bytes, padded with 'u' to decode.
            for (var k = count; k < 5; k++)
            {
                group = group * 85 + 84;
            }
            EnsureRoom(ref output, length + 4);
            for (var k = 0; k < count - 1; k++)
            {
                output[length++] = (byte)(group >> (24 - 8 * k));
            }
        }
        return output.AsSpan(0, length).ToArray();
    }

    private static void EnsureRoom(ref byte[] buffer, int size)
    {
        if (size > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
        }
    }

    private static byte[] RunLength(byte[] data, DecodeBudget budget)
    {
        using var output = new MemoryStream(data.Length * 2);
        for (var i = 0; i < data.Length;)
        {
            var length = data[i++];
            if (length == 128)
            {
                break;
            }
            if (length < 128)
            {
                var count = Math.Min(length + 1, data.Length - i);
                output.Write(data, i, count);
                i += count;
            }
            else if (i < data.Length)
            {
                var value = data[i++];
                for (var k = 0; k < 257 - length; k++)
                {
                    output.WriteByte(value);
                }
            }
            budget.EnsureRoomFor(output.Length);
        }
        return output.ToArray();
    }

    /// <summary>Undoes /Predictor 2 (TIFF, 8-bit components) and 10-15 (PNG, a filter-type byte per row).</summary>
    private static byte[] Predict(byte[] data, PdfDictionary? parameters, DecodeBudget budget)
    {
        var predictor = (int)(parameters?.Number("Predictor", 1) ?? 1);
        if (predictor <= 1 || parameters is null)
        {
            return data;
        }
        var colors = Math.Clamp((int)parameters.Number("Colors", 1), 1, 32);
        var bitsPerComponent = (int)parameters.Number("BitsPerComponent", 8);
        if (bitsPerComponent is not (1 or 2 or 4 or 8 or 16))
        {
            bitsPerComponent = 8;
        }
        var columns = Math.Clamp((int)parameters.Number("Columns", 1), 1, 1 << 20);
        var rowBytes = (colors * bitsPerComponent * columns + 7) / 8;
        var pixelBytes = Math.Max(1, (colors * bitsPerComponent + 7) / 8);
        if (predictor == 2)
        {
            if (bitsPerComponent == 8)
            {
                var copy = (byte[])data.Clone();
                for (var row = 0; row + rowBytes <= copy.Length; row += rowBytes)
                {
                    for (var i = pixelBytes; i < rowBytes; i++)
                    {
                        copy[row + i] += copy[row + i - pixelBytes];
                    }
                }
                return copy;
            }
            return data;
        }
        var rows = data.Length / (rowBytes + 1) + (data.Length % (rowBytes + 1) > 1 ? 1 : 0);
        var output = new byte[rows * rowBytes];
        var previous = new byte[rowBytes];
        var length = 0;
        for (var at = 0; at < data.Length && length + rowBytes <= output.Length; at += rowBytes + 1)
        {
            var type = data[at];
            var available = Math.Min(rowBytes, data.Length - at - 1);
            var row = output.AsSpan(length, rowBytes);
            data.AsSpan(at + 1, Math.Max(0, available)).CopyTo(row);
            for (var i = 0; i < rowBytes; i++)
            {
                var left = i >= pixelBytes ? row[i - pixelBytes] : 0;
                var up = previous[i];
                var upLeft = i >= pixelBytes ? previous[i - pixelBytes] : 0;
                row[i] = type switch
                {
                    1 => (byte)(row[i] + left),
                    2 => (byte)(row[i] + up),
                    3 => (byte)(row[i] + (left + up) / 2),
                    4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                    _ => row[i],
                };
            }
            row.CopyTo(previous);
            length += rowBytes;
        }
        return length == output.Length ? output : output.AsSpan(0, length).ToArray();
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }
}
