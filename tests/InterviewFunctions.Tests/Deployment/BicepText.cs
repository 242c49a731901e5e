using System.Text;
using System.Text.RegularExpressions;

namespace InterviewFunctions.Tests.Deployment;

/// <summary>
/// Just enough of Bicep's syntax to check templates without a compiler: comments, strings, braces. Declarations are
/// found by regular expressions on the comment-free text; blocks by matching braces outside strings.
/// </summary>
internal sealed partial class BicepText
{
    private BicepText(string path, string code)
    {
        Path = path;
        Code = code;
    }

    public string Path { get; }

    /// <summary>The file without its comments.</summary>
    public string Code { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public static BicepText Load(string path) => new(path, StripComments(File.ReadAllText(path)));

    public IReadOnlyList<(string Name, bool HasDefault)> Parameters() =>
        ParamPattern().Matches(Code).Select(m => (m.Groups["name"].Value, m.Groups["default"].Success)).ToList();

    public IReadOnlyList<(string Symbol, string Path)> Modules() =>
        ModulePattern().Matches(Code).Select(m => (m.Groups["symbol"].Value, m.Groups["path"].Value)).ToList();

    /// <summary>The names given in a module's <c>params: { … }</c>.</summary>
    public IReadOnlyList<string> ModuleArguments(string symbol)
    {
        var body = ModuleBlock(symbol);
        var parameters = Regex.Match(body, @"^\s*params\s*:", RegexOptions.Multiline);
        return parameters.Success ? TopLevelKeys(BlockAt(body, parameters.Index + parameters.Length)) : [];
    }

    /// <summary>The text inside the braces of <c>module symbol '…' = [if (…)] { … }</c>.</summary>
    public string ModuleBlock(string symbol)
    {
        var module = Regex.Match(Code, $@"^module\s+{Regex.Escape(symbol)}\s+'[^']*'\s*=", RegexOptions.Multiline);
        if (!module.Success)
        {
            throw new InvalidOperationException($"{Name} declares no module '{symbol}'.");
        }
        return BlockAfter(module.Index + module.Length);
    }

    /// <summary>The keys of an object variable, <c>var name = { … }</c>.</summary>
    public IReadOnlyList<string> ObjectVariableKeys(string name) => TopLevelKeys(VariableBlock(name));

    /// <summary>The text inside the braces or brackets of <c>var name = …</c>.</summary>
    public string VariableBlock(string name)
    {
        var declaration = Regex.Match(Code, $@"^var\s+{Regex.Escape(name)}\s*=", RegexOptions.Multiline);
        if (!declaration.Success)
        {
            throw new InvalidOperationException($"{Name} declares no variable '{name}'.");
        }
        return BlockAfter(declaration.Index + declaration.Length);
    }

    /// <summary>The single-quoted strings of a block, unescaped.</summary>
    public static IReadOnlyList<string> Strings(string block) =>
        StringPattern().Matches(block).Select(m => m.Groups[1].Value.Replace("\\'", "'", StringComparison.Ordinal)).ToList();

    /// <summary>Each <c>resource symbol 'type@version' … = … { … }</c> of a type, with its body.</summary>
    public IReadOnlyList<(string Symbol, string Body)> Resources(string type) =>
        Regex.Matches(Code, $@"^resource\s+(?<symbol>\w+)\s+'{Regex.Escape(type)}@[^']+'[^\n]*?=", RegexOptions.Multiline)
            .Select(m => (m.Groups["symbol"].Value, BlockAfter(m.Index + m.Length)))
            .ToList();

    /// <summary>The value text of <c>key: value</c> at the top level of a block (to the end of the line).</summary>
    public static string? Property(string block, string key)
    {
        var match = Regex.Match(block, $@"^\s*{Regex.Escape(key)}\s*:\s*(?<value>.+)$", RegexOptions.Multiline);
        return match.Success ? match.Groups["value"].Value.Trim() : null;
    }

    public int CountWord(string word) => Regex.Count(Code, $@"(?<![\w.]){Regex.Escape(word)}(?!\w)");

    /// <summary>The contents of the first brace or bracket pair starting at or after <paramref name="start"/>.</summary>
    private string BlockAfter(int start) => BlockAt(Code, start);

    private static string BlockAt(string text, int start)
    {
        var open = text.IndexOfAny(['{', '['], start);
        if (open < 0)
        {
            throw new InvalidOperationException("No block follows.");
        }
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    i = EndOfString(text, i);
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return text[(open + 1)..i];
                    }
                    break;
            }
        }
        throw new InvalidOperationException("Unbalanced braces.");
    }

    /// <summary>Keys (<c>name:</c> or <c>'name':</c>) at the outer level of a block's contents.</summary>
    private static List<string> TopLevelKeys(string block)
    {
        var keys = new List<string>();
        var depth = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (depth == 0 && (i == 0 || block[i - 1] == '\n'))
            {
                var key = KeyPattern().Match(block, i);
                if (key.Success && key.Index == i)
                {
                    keys.Add(key.Groups["key"].Value);
                }
            }
            switch (block[i])
            {
                case '\'':
                    i = EndOfString(block, i);
                    break;
                case '{' or '[' or '(':
                    depth++;
                    break;
                case '}' or ']' or ')':
                    depth--;
                    break;
            }
        }
        return keys;
    }

    /// <summary>The index of the quote that closes the string opened at <paramref name="open"/>.</summary>
    private static int EndOfString(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '\'')
            {
                return i;
            }
        }
        throw new InvalidOperationException("Unterminated string.");
    }

    private static string StripComments(string source)
    {
        var code = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\'')
            {
                var end = EndOfString(source, i);
                code.Append(source, i, end - i + 1);
                i = end;
            }
            else if (source[i] == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
                code.Append('\n');
            }
            else if (source[i] == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                i = source.IndexOf("*/", i + 2, StringComparison.Ordinal) + 1;
            }
            else
            {
                code.Append(source[i]);
            }
        }
        return code.ToString();
    }

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+(?:\[\])?(?<default>\s*=)?", RegexOptions.Multiline)]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"^module\s+(?<symbol>\w+)\s+'(?<path>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModulePattern();

    [GeneratedRegex(@"[ \t]*'?(?<key>[A-Za-z_][\w$]*)'?[ \t]*:")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"'((?:[^'\\]|\\.)*)'")]
    private static partial Regex StringPattern();
}
