using System.Globalization;
using System.Text.RegularExpressions;

namespace InterviewFunctions.Core.Screening;

/// <summary>
/// A span of months, half-open: <see cref="Start"/> is the first month counted and <see cref="End"/> the month after the
/// last. Months count from year 0 (<c>year * 12 + month - 1</c>) so that spans compare and subtract as integers.
/// </summary>
public readonly record struct MonthSpan(int Start, int End)
{
    public int Months => End - Start;

    public static int MonthIndex(int year, int month) => year * 12 + month - 1;

    /// <summary>The year of the last month counted.</summary>
    public int LastYear => (End - 1) / 12;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start / 12}-{Start % 12 + 1:00}..{(End - 1) / 12}-{(End - 1) % 12 + 1:00}");
}

/// <summary>
/// Date ranges as resumes write them: "Jan 2019 – Present", "2015-2018", "03/2020 - 06/2022", "May 2018 to Aug 2021",
/// "2019 – now", "since 2020". "Present" is the upload day's month, never the clock's, so that a resume screened again
/// later gives the same years.
/// </summary>
public static partial class ResumeDates
{
    private const int EarliestYear = 1950;
    private static readonly System.Buffers.SearchValues<char> AsciiDigits = System.Buffers.SearchValues.Create("0123456789");

    /// <summary>The first date range on the line, or null. A range ending after <paramref name="asOf"/> ends there.</summary>
    public static MonthSpan? FindRange(string line, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length < 4 || !line.AsSpan().ContainsAny(AsciiDigits))
        {
            return null;
        }
        var present = MonthSpan.MonthIndex(asOf.Year, asOf.Month) + 1;
        foreach (Match match in Range().Matches(line))
        {
            var start = Endpoint(match.Groups["start"].Value, asOf, isEnd: false);
            var end = match.Groups["open"].Success ? present : Endpoint(match.Groups["end"].Value, asOf, isEnd: true);
            if (start is not { } s || end is not { } e)
            {
                continue;
            }
            e = Math.Min(e, present);
            // "2018 - 2018": a year-only range within one year counts as that year.
            if (e <= s && match.Groups["end"].Success && IsYearOnly(match.Groups["end"].Value) && e / 12 == s / 12)
            {
                e = Math.Min(s + 12, present);
            }
            if (e > s)
            {
                return new MonthSpan(s, e);
            }
        }
        return null;
    }

    /// <summary>Months covered by the spans, overlaps counted once.</summary>
    public static int MergedMonths(IEnumerable<MonthSpan> spans)
    {
        var total = 0;
        int? currentStart = null, currentEnd = null;
        foreach (var span in spans.OrderBy(s => s.Start).ThenBy(s => s.End))
        {
            if (currentEnd is { } end && span.Start <= end)
            {
                currentEnd = Math.Max(end, span.End);
                continue;
            }
            if (currentStart is { } start && currentEnd is { } finished)
            {
                total += finished - start;
            }
            currentStart = span.Start;
            currentEnd = span.End;
        }
        if (currentStart is { } lastStart && currentEnd is { } lastEnd)
        {
            total += lastEnd - lastStart;
        }
        return total;
    }

    private static bool IsYearOnly(string text) => text.Trim().Length == 4 && text.Trim().All(char.IsAsciiDigit);

    /// <summary>
    /// A year alone starts in January; as an end it means "during that year", counted up to January of it, so that
    /// "2015-2018" is three years, as recruiters read it.
    /// </summary>
    private static int? Endpoint(string text, DateOnly asOf, bool isEnd)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (char.IsLetter(text[0]) && PresentWord().IsMatch(text))
        {
            return MonthSpan.MonthIndex(asOf.Year, asOf.Month) + 1;
        }
        var digits = Digits().Matches(text);
        if (digits.Count == 0)
        {
            return null;
        }
        var year = int.Parse(digits[^1].Value, CultureInfo.InvariantCulture);
        if (digits[^1].Value.Length == 2)
        {
            year += year <= asOf.Year % 100 + 1 ? 2000 : 1900;
        }
        if (year < EarliestYear || year > asOf.Year + 1)
        {
            return null;
        }
        int month;
        if (digits.Count == 2)
        {
            month = int.Parse(digits[0].Value, CultureInfo.InvariantCulture);
        }
        else if (char.IsLetter(text[0]))
        {
            month = MonthNumber(text);
        }
        else
        {
            return MonthSpan.MonthIndex(year, 1);
        }
        if (month is < 1 or > 12)
        {
            return null;
        }
        return MonthSpan.MonthIndex(year, month) + (isEnd ? 1 : 0);
    }

    private static int MonthNumber(string text)
    {
        var word = text[..Math.Min(3, text.Length)].ToLowerInvariant();
        return word switch
        {
            "jan" => 1,
            "feb" => 2,
            "mar" => 3,
            "apr" => 4,
            "may" => 5,
            "jun" => 6,
            "jul" => 7,
            "aug" => 8,
            "sep" => 9,
            "oct" => 10,
            "nov" => 11,
            "dec" => 12,
            _ => 0,
        };
    }

    private const string MonthName = @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
    private const string DatePoint = @"(?:" + MonthName + @",?\s*(?:'\d{2}|\d{4})|(?:0?[1-9]|1[0-2])\s*[/.]\s*\d{4}|\d{4})";
    private const string PresentWords = @"(?:present|current(?:ly)?|now|today|date|ongoing|to\s+date)";

    [GeneratedRegex(@"(?<![\w/.])(?:(?<start>" + DatePoint + @")\s*(?:-|–|—|−|‒|to\b|until\b|till\b|through\b|thru\b)\s*(?:(?<end>" + DatePoint + @"|" + PresentWords + @")(?![\w/])|(?<open>$))|since\s+(?<start>" + DatePoint + @")(?<open>))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 250)]
    private static partial Regex Range();

    [GeneratedRegex(@"^" + PresentWords + @"$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PresentWord();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
