namespace InterviewFunctions.Core.Preparation;

/// <param name="Text">Lowercase, without a trailing possessive or full stop: <c>k8s</c>, <c>.net</c>, <c>c#</c>, <c>driver</c>.</param>
/// <param name="Start">Offset of the word in the original text.</param>
/// <param name="Length">Length of the word in the original text.</param>
public readonly record struct TextToken(string Text, int Start, int Length);

/// <summary>
/// Splits free text (a job description, a bank question) into words the same way for both sides of a match: letters,
/// digits and the characters that belong to technical names (<c>c#</c>, <c>c++</c>, <c>node.js</c>, <c>.net</c>,
/// <c>p&amp;l</c>); hyphens and slashes separate words, so "CI/CD" is "ci cd" and "cross-functional" is two words.
/// </summary>
public static class TextTokens
{
    public static List<TextToken> Split(string text)
    {
        var tokens = new List<TextToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var startsWord = char.IsLetterOrDigit(c) || (c == '.' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1])));
            if (!startsWord)
            {
                i++;
                continue;
            }
            var start = i++;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '+' or '#' or '&' or '\'' or '’' || (text[i] == '.' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))))
            {
                i++;
            }
            var end = i;
            // A possessive is the word itself: "driver's" and "drivers'" both match "driver".
            if (end - start > 2 && text[end - 1] is 's' or 'S' && text[end - 2] is '\'' or '’')
            {
                end -= 2;
            }
            while (end > start + 1 && text[end - 1] is '\'' or '’' or '&')
            {
                end--;
            }
            tokens.Add(new TextToken(text[start..end].ToLowerInvariant(), start, end - start));
        }
        return tokens;
    }

    /// <summary>A word of the text matches a word of a phrase when it is the same or its plural ("pipelines", "processes").</summary>
    public static bool Same(string textWord, string phraseWord) =>
        textWord.Length >= phraseWord.Length &&
        textWord.StartsWith(phraseWord, StringComparison.Ordinal) &&
        (textWord.Length == phraseWord.Length ||
         (phraseWord.Length >= 3 && textWord.Length == phraseWord.Length + 1 && textWord[^1] == 's') ||
         (phraseWord.Length >= 3 && textWord.Length == phraseWord.Length + 2 && textWord.EndsWith("es", StringComparison.Ordinal)));

    /// <summary>The singular used to look a word up in a set: "pipelines" becomes "pipeline".</summary>
    public static string Stem(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 4 && word.EndsWith("sses", StringComparison.Ordinal) ? word[..^2]
        : word.Length > 3 && word[^1] == 's' && word[^2] is not 's' and not 'u' and not 'i' ? word[..^1]
        : word;
}

/// <summary>Finds known phrases (skills, job titles) in tokenized text; longest phrase first at each position.</summary>
public sealed class PhraseMatcher<T>
{
    private readonly Dictionary<string, List<(string[] Words, bool CaseSensitive, string Original, T Value)>> _byFirstWord = new(StringComparer.Ordinal);

    /// <param name="caseSensitive">For abbreviations that are also common words: "RN" is a nurse, "rn" is not.</param>
    public void Add(string phrase, T value, bool caseSensitive = false)
    {
        var words = TextTokens.Split(phrase).Select(t => t.Text).ToArray();
        if (words.Length == 0)
        {
            return;
        }
        if (!_byFirstWord.TryGetValue(words[0], out var list))
        {
            _byFirstWord[words[0]] = list = [];
        }
        list.Add((words, caseSensitive, phrase.Trim(), value));
        list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    /// <summary>Every match, without overlaps: the first token's index, how many tokens it spans, and its value.</summary>
    public List<(int Index, int Count, T Value)> Matches(string text, IReadOnlyList<TextToken> tokens)
    {
        var found = new List<(int, int, T)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(tokens[i].Text, out var candidates) && !TryPluralKey(tokens[i].Text, out candidates))
            {
                continue;
            }
            foreach (var (words, caseSensitive, original, value) in candidates)
            {
                if (i + words.Length > tokens.Count || !Matches(text, tokens, i, words, caseSensitive, original))
                {
                    continue;
                }
                found.Add((i, words.Length, value));
                // The words of a match are used up: "US GAAP" is one mention, not also a second one of "GAAP".
                i += words.Length - 1;
                break;
            }
        }
        return found;
    }

    private bool TryPluralKey(string word, out List<(string[] Words, bool CaseSensitive, string Original, T Value)> candidates)
    {
        candidates = null!;
        return (word.Length > 3 && word[^1] == 's' && _byFirstWord.TryGetValue(word[..^1], out candidates!))
            || (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && _byFirstWord.TryGetValue(word[..^2], out candidates!));
    }

    private static bool Matches(string text, IReadOnlyList<TextToken> tokens, int at, string[] words, bool caseSensitive, string original)
    {
        for (var k = 0; k < words.Length; k++)
        {
            if (!TextTokens.Same(tokens[at + k].Text, words[k]))
            {
                return false;
            }
        }
        if (caseSensitive)
        {
            var span = text.AsSpan(tokens[at].Start, tokens[at + words.Length - 1].Start + tokens[at + words.Length - 1].Length - tokens[at].Start);
            return span.StartsWith(original, StringComparison.Ordinal);
        }
        return true;
    }
}
