using System.Globalization;
using System.Text;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>The base encodings of simple PDF fonts, as code-to-text tables (a fresh copy each call: /Differences edits it).</summary>
internal static class StandardEncodings
{
    public static string?[] WinAnsi()
    {
        var map = new string?[256];
        for (var code = 32; code < 256; code++)
        {
            var c = Windows1252.ToChar((byte)code);
            map[code] = c == '\uFFFD' || code == 127 ? null : c.ToString();
        }
        map[0xA0] = " ";
        map[0xAD] = "-";
        return map;
    }

    // Mac OS Roman, 0x80 to 0xFF.
    private const string MacRomanHigh =
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

    public static string?[] MacRoman()
    {
        var map = Ascii();
        for (var i = 0; i < MacRomanHigh.Length; i++)
        {
            map[0x80 + i] = MacRomanHigh[i].ToString();
        }
        return map;
    }

    // Adobe StandardEncoding above 0xA0, as glyph names; the low half is ASCII but for the two curly quotes.
    private static readonly (int Code, string Name)[] StandardHigh =
    [
        (0xA1, "exclamdown"), (0xA2, "cent"), (0xA3, "sterling"), (0xA4, "fraction"), (0xA5, "yen"), (0xA6, "florin"), (0xA7, "section"),
        (0xA8, "currency"), (0xA9, "quotesingle"), (0xAA, "quotedblleft"), (0xAB, "guillemotleft"), (0xAC, "guilsinglleft"), (0xAD, "guilsinglright"),
        (0xAE, "fi"), (0xAF, "fl"), (0xB1, "endash"), (0xB2, "dagger"), (0xB3, "daggerdbl"), (0xB4, "periodcentered"), (0xB6, "paragraph"),
        (0xB7, "bullet"), (0xB8, "quotesinglbase"), (0xB9, "quotedblbase"), (0xBA, "quotedblright"), (0xBB, "guillemotright"), (0xBC, "ellipsis"),
        (0xBD, "perthousand"), (0xBF, "questiondown"), (0xC1, "grave"), (0xC2, "acute"), (0xC3, "circumflex"), (0xC4, "tilde"), (0xC5, "macron"),
        (0xC6, "breve"), (0xC7, "dotaccent"), (0xC8, "dieresis"), (0xCA, "ring"), (0xCB, "cedilla"), (0xCD, "hungarumlaut"), (0xCE, "ogonek"),
        (0xCF, "caron"), (0xD0, "emdash"), (0xE1, "AE"), (0xE3, "ordfeminine"), (0xE8, "Lslash"), (0xE9, "Oslash"), (0xEA, "OE"),
        (0xEB, "ordmasculine"), (0xF1, "ae"), (0xF5, "dotlessi"), (0xF8, "lslash"), (0xF9, "oslash"), (0xFA, "oe"), (0xFB, "germandbls"),
    ];

    public static string?[] Standard()
    {
        var map = Ascii();
        map[0x27] = "’";
        map[0x60] = "‘";
        foreach (var (code, name) in StandardHigh)
        {
            map[code] = GlyphNames.ToUnicode(name);
        }
        return map;
    }

    /// <summary>Symbol and dingbat fonts without a Unicode map: in a resume their glyphs are list bullets.</summary>
    public static string?[] SymbolBullets()
    {
        var map = new string?[256];
        for (var code = 33; code < 256; code++)
        {
            map[code] = "•";
        }
        map[32] = " ";
        return map;
    }

    private static string?[] Ascii()
    {
        var map = new string?[256];
        for (var code = 32; code < 127; code++)
        {
            map[code] = ((char)code).ToString();
        }
        return map;
    }
}

/// <summary>
/// Adobe glyph names to Unicode for the names /Differences arrays use in Latin text: <c>uniXXXX</c> and <c>uXXXX</c>
/// forms, named punctuation and symbols, and the accented Latin letters (<c>eacute</c>, <c>Lslash</c>, <c>scaron</c>).
/// </summary>
internal static class GlyphNames
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["space"] = " ", ["exclam"] = "!", ["quotedbl"] = "\"", ["numbersign"] = "#", ["dollar"] = "$", ["percent"] = "%",
        ["ampersand"] = "&", ["quotesingle"] = "'", ["quoteright"] = "’", ["parenleft"] = "(", ["parenright"] = ")", ["asterisk"] = "*",
        ["plus"] = "+", ["comma"] = ",", ["hyphen"] = "-", ["minus"] = "−", ["period"] = ".", ["slash"] = "/", ["zero"] = "0", ["one"] = "1",
        ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9",
        ["colon"] = ":", ["semicolon"] = ";", ["less"] = "<", ["equal"] = "=", ["greater"] = ">", ["question"] = "?", ["at"] = "@",
        ["bracketleft"] = "[", ["backslash"] = "\\", ["bracketright"] = "]", ["asciicircum"] = "^", ["underscore"] = "_", ["grave"] = "`",
        ["quoteleft"] = "‘", ["braceleft"] = "{", ["bar"] = "|", ["braceright"] = "}", ["asciitilde"] = "~", ["exclamdown"] = "¡",
        ["cent"] = "¢", ["sterling"] = "£", ["fraction"] = "⁄", ["yen"] = "¥", ["florin"] = "ƒ", ["section"] = "§", ["currency"] = "¤",
        ["quotedblleft"] = "“", ["quotedblright"] = "”", ["guillemotleft"] = "«", ["guillemotright"] = "»", ["guilsinglleft"] = "‹",
        ["guilsinglright"] = "›", ["fi"] = "fi", ["fl"] = "fl", ["ff"] = "ff", ["ffi"] = "ffi", ["ffl"] = "ffl", ["endash"] = "–",
        ["emdash"] = "—", ["dagger"] = "†", ["daggerdbl"] = "‡", ["periodcentered"] = "·", ["middot"] = "·", ["paragraph"] = "¶",
        ["bullet"] = "•", ["quotesinglbase"] = "‚", ["quotedblbase"] = "„", ["ellipsis"] = "…", ["perthousand"] = "‰",
        ["questiondown"] = "¿", ["acute"] = "´", ["circumflex"] = "ˆ", ["tilde"] = "˜", ["macron"] = "¯", ["breve"] = "˘",
        ["dotaccent"] = "˙", ["dieresis"] = "¨", ["ring"] = "˚", ["cedilla"] = "¸", ["hungarumlaut"] = "˝", ["ogonek"] = "˛",
        ["caron"] = "ˇ", ["AE"] = "Æ", ["ae"] = "æ", ["OE"] = "Œ", ["oe"] = "œ", ["Oslash"] = "Ø", ["oslash"] = "ø", ["Lslash"] = "Ł",
        ["lslash"] = "ł", ["dotlessi"] = "ı", ["germandbls"] = "ß", ["ordfeminine"] = "ª", ["ordmasculine"] = "º", ["Euro"] = "€",
        ["trademark"] = "™", ["copyright"] = "©", ["registered"] = "®", ["degree"] = "°", ["plusminus"] = "±", ["multiply"] = "×",
        ["divide"] = "÷", ["mu"] = "µ", ["logicalnot"] = "¬", ["brokenbar"] = "¦", ["onehalf"] = "½", ["onequarter"] = "¼",
        ["threequarters"] = "¾", ["onesuperior"] = "¹", ["twosuperior"] = "²", ["threesuperior"] = "³", ["Eth"] = "Ð", ["eth"] = "ð",
        ["Thorn"] = "Þ", ["thorn"] = "þ", ["Dcroat"] = "Đ", ["dcroat"] = "đ", ["nbspace"] = " ", ["uni00A0"] = " ", ["sfthyphen"] = "-",
        ["arrowright"] = "→", ["checkmark"] = "✓", ["square"] = "■", ["H18533"] = "●", ["H18543"] = "▪", ["H18551"] = "▫",
        ["filledbox"] = "■", ["triagrt"] = "►", ["lozenge"] = "◊", ["circle"] = "○", ["openbullet"] = "◦",
    };

    // Glyph names of U+00C0 to U+00FF and U+0100 to U+017F, in code point order.
    private const string Latin1Letters = "Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave eacute ecircumflex edieresis igrave iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex otilde odieresis divide oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis";

    private const string LatinExtendedA = "Amacron amacron Abreve abreve Aogonek aogonek Cacute cacute Ccircumflex ccircumflex Cdotaccent cdotaccent Ccaron ccaron Dcaron dcaron Dcroat dcroat Emacron emacron Ebreve ebreve Edotaccent edotaccent Eogonek eogonek Ecaron ecaron Gcircumflex gcircumflex Gbreve gbreve Gdotaccent gdotaccent Gcommaaccent gcommaaccent Hcircumflex hcircumflex Hbar hbar Itilde itilde Imacron imacron Ibreve ibreve Iogonek iogonek Idotaccent dotlessi IJ ij Jcircumflex jcircumflex Kcommaaccent kcommaaccent kgreenlandic Lacute lacute Lcommaaccent lcommaaccent Lcaron lcaron Ldot ldot Lslash lslash Nacute nacute Ncommaaccent ncommaaccent Ncaron ncaron napostrophe Eng eng Omacron omacron Obreve obreve Ohungarumlaut ohungarumlaut OE oe Racute racute Rcommaaccent rcommaaccent Rcaron rcaron Sacute sacute Scircumflex scircumflex Scedilla scedilla Scaron scaron Tcommaaccent tcommaaccent Tcaron tcaron Tbar tbar Utilde utilde Umacron umacron Ubreve ubreve Uring uring Uhungarumlaut uhungarumlaut Uogonek uogonek Wcircumflex wcircumflex Ycircumflex ycircumflex Ydieresis Zacute zacute Zdotaccent zdotaccent Zcaron zcaron longs";

    static GlyphNames()
    {
        AddSequence(Latin1Letters, 0xC0);
        AddSequence(LatinExtendedA, 0x100);
    }

    private static void AddSequence(string names, int first)
    {
        var code = first;
        foreach (var name in names.Split(' '))
        {
            Named.TryAdd(name, ((char)code++).ToString());
        }
    }

    public static string? ToUnicode(string name)
    {
        // "a.sc", "one.oldstyle", "f_i": suffixes name variants of the same character; underscores join ligature parts.
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            name = name[..dot];
        }
        if (name.Contains('_', StringComparison.Ordinal))
        {
            var parts = name.Split('_').Select(ToUnicode).ToArray();
            return parts.All(p => p is not null) ? string.Concat(parts) : null;
        }
        if (Named.TryGetValue(name, out var known))
        {
            return known;
        }
        if (name.Length == 1 && char.IsAsciiLetter(name[0]))
        {
            return name;
        }
        if (name.StartsWith("uni", StringComparison.Ordinal) && name.Length >= 7 && (name.Length - 3) % 4 == 0)
        {
            var text = new StringBuilder();
            for (var i = 3; i < name.Length; i += 4)
            {
                if (!int.TryParse(name.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unit))
                {
                    return null;
                }
                text.Append((char)unit);
            }
            return text.ToString();
        }
        if (name.Length is >= 5 and <= 7 && name[0] == 'u' && int.TryParse(name.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var scalar)
            && Rune.IsValid(scalar))
        {
            return char.ConvertFromUtf32(scalar);
        }
        return null;
    }
}
