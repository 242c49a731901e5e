using System.Buffers;
using System.Globalization;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>
/// Reads content lines from calendar text: lines end in CRLF, LF or CR (exports from several tools mix them); a line
/// that begins with a space or a tab continues the one before (the fold is removed with that one character). Blank
/// lines are passed over. Each physical line is looked at once, and a line longer than the limit is refused as soon as
/// its length is known, so the cost stays linear in the input.
/// </summary>
internal sealed class IcsLineReader(string text, int maxLineCharacters)
{
    // Controls other than tab are not allowed in any value (RFC 5545 section 3.1, "CONTROL"); CR and LF end lines.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    // Folded lines are joined here, so that a content line is a span of the text or of this buffer, never a string.
    private char[] _folded = new char[256];
    private int _position;
    private int _physicalLine;

    /// <summary>The number of the last physical line read.</summary>
    public int LastLine => _physicalLine;

    public bool TryRead(out ReadOnlySpan<char> line, out int lineNumber)
    {
        while (_position < text.Length)
        {
            var (start, length) = NextPhysical();
            if (length == 0)
            {
                continue;
            }
            lineNumber = _physicalLine;
            if (text[start] is ' ' or '\t')
            {
                // A continuation with nothing to continue: a blank-looking line of spaces, or a fold after a blank line.
                if (text.AsSpan(start, length).Trim().Length == 0)
                {
                    continue;
                }
                throw new IcsFormatException(lineNumber, "This line begins with a space, so it continues a previous line, but there is none.");
            }
            if (!IsContinuation())
            {
                line = text.AsSpan(start, length);
                return true;
            }
            var folded = 0;
            Append(ref folded, text.AsSpan(start, length));
            while (IsContinuation())
            {
                var (partStart, partLength) = NextPhysical();
                if (folded + partLength - 1 > maxLineCharacters)
                {
                    throw TooLong(lineNumber);
                }
                Append(ref folded, text.AsSpan(partStart + 1, partLength - 1));
            }
            line = _folded.AsSpan(0, folded);
            return true;
        }
        line = default;
        lineNumber = _physicalLine;
        return false;
    }

    private void Append(ref int length, ReadOnlySpan<char> part)
    {
        if (length + part.Length > _folded.Length)
        {
            Array.Resize(ref _folded, Math.Max(_folded.Length * 2, length + part.Length));
        }
        part.CopyTo(_folded.AsSpan(length));
        length += part.Length;
    }

    private bool IsContinuation() => _position < text.Length && text[_position] is ' ' or '\t';

    private (int Start, int Length) NextPhysical()
    {
        var start = _position;
        _physicalLine++;
        var rest = text.AsSpan(start);
        var end = rest.IndexOfAny('\r', '\n');
        var length = end < 0 ? rest.Length : end;
        if (length > maxLineCharacters)
        {
            throw TooLong(_physicalLine);
        }
        var control = rest[..length].IndexOfAny(Controls);
        if (control >= 0)
        {
            throw new IcsFormatException(_physicalLine, string.Create(CultureInfo.InvariantCulture,
                $"Control character U+{(int)rest[control]:X4} at column {control + 1}: calendar text may not hold it (is this a binary file?)."));
        }
        _position = start + length;
        if (_position < text.Length && text[_position] == '\r')
        {
            _position++;
        }
        if (_position < text.Length && text[_position] == '\n')
        {
            _position++;
        }
        return (start, length);
    }

    private IcsFormatException TooLong(int lineNumber) => new(lineNumber, string.Create(CultureInfo.InvariantCulture,
        $"The line is longer than {maxLineCharacters} characters."));
}
