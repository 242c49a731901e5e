using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation;

/// <summary>
/// The offline engine: reads the skills, job titles and topics in a job description, finds the bank's domains it
/// belongs to, picks the bank questions that cover what it asks for (spread over the skills, not ten questions on
/// one), adapts them to name the description's own wording, and adds company questions from templates. Pure and
/// deterministic: no randomness, ties broken by question id, nothing recorded.
/// </summary>
public sealed class QuestionGenerator : IQuestionGenerator
{
    public const string EngineName = "offline";
    public const int DefaultCount = 10;
    public const int MaxCount = 30;
    public const int MaxDetectedDomains = 3;
    private const int MaxKeyTopics = 15;
    private const int MaxQuote = 160;

    // Two-letter role abbreviations are mostly ambiguous ("TA", "PE", "GM"); these are not.
    private static readonly HashSet<string> ShortRoleAbbreviations = new(StringComparer.Ordinal) { "RN" };
    private static readonly HashSet<string> AmbiguousRoleAbbreviations = new(StringComparer.Ordinal) { "MOD", "CIA", "AGM", "SWE", "MLE", "MEP", "CNS", "HEO", "ECT", "NQT", "FOM", "ASM", "C&B" };
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "and", "the", "for", "with", "from", "into", "its", "our", "your", "you", "are", "was", "will", "can", "per", "via",
        "basics", "fundamentals", "skills", "systems", "system", "management", "practice", "standards", "tools",
    };

    private static readonly System.Buffers.SearchValues<char> Blank = System.Buffers.SearchValues.Create(" \t\r\n-*•·–");

    private readonly QuestionBank _bank;
    private readonly SkillLexicon _lexicon;
    private readonly PhraseMatcher<string[]> _roles = new();
    private readonly Dictionary<string, QuestionProfile> _profiles;
    private readonly Dictionary<string, string[][]> _topicWords;

    public QuestionGenerator(QuestionBank bank, SkillLexicon? lexicon = null)
    {
        _bank = bank;
        _lexicon = lexicon ?? SkillLexicon.Default;
        foreach (var (phrase, caseSensitive, domains) in RolePhrases(bank))
        {
            _roles.Add(phrase, domains, caseSensitive);
        }
        _profiles = bank.Questions.ToDictionary(q => q.Id, Profile, StringComparer.Ordinal);
        _topicWords = bank.Domains.ToDictionary(d => d.Id, d => d.Topics.Select(ContentWords).ToArray(), StringComparer.Ordinal);
    }

    public string Engine => EngineName;

    public bool IsEnabled => true;

    public Task<GeneratedQuestionSet> GenerateAsync(QuestionGenerationInput input, CancellationToken cancellationToken) =>
        Task.FromResult(Generate(input));

    /// <summary>The bank's domains a text (a job description, a role title) belongs to, strongest first.</summary>
    public IReadOnlyList<DetectedDomain> DetectDomains(string text, string? preferredDomainId = null) =>
        DetectDomains(Read(text), preferredDomainId).Select(d => d.Detected).ToList();

    public GeneratedQuestionSet Generate(QuestionGenerationInput input)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Count, 1, nameof(input));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(input.Count, MaxCount, nameof(input));
        if (input.DomainId is not null && _bank.FindDomain(input.DomainId) is null)
        {
            throw new ArgumentException($"'{input.DomainId}' is not a domain of the question bank.", nameof(input));
        }
        var description = Read(input.JobDescription);
        var domains = DetectDomains(description, input.DomainId);
        var company = ReadCompanyFacts(description, input.Company);
        var (technicalCount, behavioralCount, companyCount) = Split(input.Count, input.InterviewType, company);

        var context = new Selection(this, description, domains, input.InterviewType);
        var technical = context.Pick(q => q.Type is QuestionType.Technical or QuestionType.Domain, technicalCount);
        var behavioral = context.Pick(q => q.Type is QuestionType.Behavioral or QuestionType.Situational, behavioralCount + (technicalCount - technical.Count));
        var companyQuestions = CompanyQuestions(company, description, domains, companyCount);
        // A bucket that ran short leaves its places to the others, so the caller gets the count asked for when the bank can.
        var missing = input.Count - technical.Count - behavioral.Count - companyQuestions.Count;
        if (missing > 0)
        {
            technical.AddRange(context.Pick(q => q.Type is QuestionType.Technical or QuestionType.Domain, missing));
            behavioral.AddRange(context.Pick(q => q.Type is QuestionType.Behavioral or QuestionType.Situational, input.Count - technical.Count - behavioral.Count - companyQuestions.Count));
        }

        var number = 0;
        var questions = technical.Select(p => Adapt(p, QuestionCategory.Technical, description, domains, ++number))
            .Concat(behavioral.Select(p => Adapt(p, QuestionCategory.Behavioral, description, domains, ++number)))
            .Concat(companyQuestions.Select(c => c with { Number = ++number }))
            .ToList();

        return new GeneratedQuestionSet(
            EngineName,
            _bank.Version,
            InputHash(input),
            [.. domains.Select(d => d.Detected)],
            [.. description.Skills.Select(s => new DetectedSkill(s.Skill.Id, s.Skill.Name, s.AsWritten, s.Mentions))],
            KeyTopics(description, domains),
            questions);
    }

    // ---- Reading the description ----

    private sealed record SkillFound(Skill Skill, string AsWritten, int Mentions, int FirstToken, int Segment, int Offset);

    private sealed record RoleFound(string AsWritten, string[] Domains, int Segment);

    private sealed record Description(
        string Text,
        List<TextToken> Tokens,
        List<(int Start, int End)> Segments,
        List<SkillFound> Skills,
        List<RoleFound> Roles,
        HashSet<string> Words)
    {
        public string Quote(int segment) => Quote(segment, Segments.Count == 0 ? 0 : Segments[segment].Start);

        /// <summary>The segment, or for a long one the part of it around <paramref name="offset"/> (a mention).</summary>
        public string Quote(int segment, int offset)
        {
            if (Segments.Count == 0)
            {
                return "";
            }
            var (start, end) = Segments[segment];
            var text = Text[start..end].Trim().TrimStart('-', '*', '•', '·', '–', ' ', '\t').Trim();
            if (text.Length <= MaxQuote)
            {
                return text;
            }
            var from = Math.Max(start, Math.Min(offset - (MaxQuote / 3), end - MaxQuote));
            while (from > start && from < end && !char.IsWhiteSpace(Text[from - 1]))
            {
                from++;
            }
            var window = Trim(Text[from..end].Trim(), MaxQuote);
            return from > start ? "…" + window : window;
        }

        public int SegmentOf(int tokenIndex)
        {
            var offset = Tokens[tokenIndex].Start;
            var index = Segments.FindIndex(s => offset >= s.Start && offset < s.End);
            return index < 0 ? 0 : index;
        }

        public string Span(int index, int count) =>
            Text.Substring(Tokens[index].Start, Tokens[index + count - 1].Start + Tokens[index + count - 1].Length - Tokens[index].Start);
    }

    private Description Read(string text)
    {
        var tokens = TextTokens.Split(text);
        var segments = Segments(text);
        var description = new Description(text, tokens, segments, [], [], [.. tokens.Select(t => TextTokens.Stem(t.Text))]);
        foreach (var group in _lexicon.FindIn(text, tokens).GroupBy(m => m.Skill.Id, StringComparer.Ordinal))
        {
            var first = group.First();
            description.Skills.Add(new SkillFound(first.Skill, description.Span(first.Index, first.Count), group.Count(), first.Index, description.SegmentOf(first.Index), tokens[first.Index].Start));
        }
        // Most mentioned first; then in the order the description brings them up.
        description.Skills.Sort((a, b) => a.Mentions != b.Mentions ? b.Mentions.CompareTo(a.Mentions) : a.FirstToken.CompareTo(b.FirstToken));
        var seenRoles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (index, count, domains) in _roles.Matches(text, tokens))
        {
            var written = description.Span(index, count);
            if (seenRoles.Add(written))
            {
                description.Roles.Add(new RoleFound(written, domains, description.SegmentOf(index)));
            }
        }
        return description;
    }

    /// <summary>Lines, and sentences within lines: the units a question can say it is based on.</summary>
    private static List<(int Start, int End)> Segments(string text)
    {
        var segments = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var end = text[i] == '\n' || (text[i] is '.' or '!' or '?' or ';' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end)
            {
                Add(start, text[i] == '\n' ? i : i + 1);
                start = i + 1;
            }
        }
        Add(start, text.Length);
        return segments;

        void Add(int from, int to)
        {
            if (to > from && text.AsSpan(from, to - from).ContainsAnyExcept(Blank))
            {
                segments.Add((from, to));
            }
        }
    }

    // ---- Domains ----

    private sealed record DomainMatch(BankDomain Domain, DetectedDomain Detected, int Rank, int? EvidenceSegment, string? RoleAsWritten);

    private List<DomainMatch> DetectDomains(Description description, string? preferred)
    {
        var scored = new List<(BankDomain Domain, int Score, List<string> Evidence, int? Segment, string? Role)>();
        foreach (var domain in _bank.Domains)
        {
            var score = 0;
            var evidence = new List<string>();
            int? segment = null;
            string? role = null;
            foreach (var found in description.Roles.Where(r => r.Domains.Contains(domain.Id)).Take(3))
            {
                score += 8;
                evidence.Add(found.AsWritten);
                segment ??= found.Segment;
                role ??= found.AsWritten;
            }
            foreach (var skill in description.Skills)
            {
                var position = IndexOf(skill.Skill.Domains, domain.Id);
                if (position >= 0)
                {
                    score += position == 0 ? 4 : 2;
                    evidence.Add(skill.AsWritten);
                    segment ??= skill.Segment;
                }
            }
            foreach (var words in _topicWords[domain.Id])
            {
                var present = words.Count(description.Words.Contains);
                score += words.Length > 0 && present == words.Length ? 3 : words.Length >= 2 && present * 2 >= words.Length ? 1 : 0;
            }
            if (domain.Id == preferred)
            {
                score += 1000;
            }
            scored.Add((domain, score, evidence, segment, role));
        }
        var ranked = scored.Where(s => s.Score >= 6).OrderByDescending(s => s.Score).ThenBy(s => s.Domain.Id, StringComparer.Ordinal).ToList();
        if (ranked.Count == 0)
        {
            return [];
        }
        var top = ranked[0].Score;
        return [.. ranked.Where((s, i) => i == 0 || s.Score * 100 >= Math.Min(top, 999) * 40).Take(MaxDetectedDomains)
            .Select((s, i) => new DomainMatch(
                s.Domain,
                new DetectedDomain(s.Domain.Id, s.Domain.Name, s.Domain.Kind, s.Score, [.. s.Evidence.Distinct(StringComparer.OrdinalIgnoreCase).Take(8)]),
                i, s.Segment, s.Role))];
    }

    private static IEnumerable<(string Phrase, bool CaseSensitive, string[] Domains)> RolePhrases(QuestionBank bank)
    {
        var phrases = new SortedDictionary<(string, bool), SortedSet<string>>();
        foreach (var domain in bank.Domains.Where(d => d.Kind != DomainKind.Algorithms))
        {
            foreach (var role in domain.Roles)
            {
                var open = role.IndexOf('(', StringComparison.Ordinal);
                Add(open < 0 ? role : role[..open], false, domain.Id);
                if (open < 0)
                {
                    continue;
                }
                foreach (var part in role[(open + 1)..].TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (part.Contains(' ', StringComparison.Ordinal))
                    {
                        Add(part, false, domain.Id);
                    }
                    else if (part.Any(char.IsUpper) && (part.Length >= 3 || ShortRoleAbbreviations.Contains(part)) && !AmbiguousRoleAbbreviations.Contains(part))
                    {
                        Add(part, true, domain.Id);
                    }
                }
            }
        }
        return phrases.Select(p => (p.Key.Item1, p.Key.Item2, p.Value.ToArray()));

        void Add(string phrase, bool caseSensitive, string domain)
        {
            var key = (caseSensitive ? phrase.Trim() : phrase.Trim().ToLowerInvariant(), caseSensitive);
            if (!phrases.TryGetValue(key, out var set))
            {
                phrases[key] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            set.Add(domain);
        }
    }

    // ---- Picking bank questions ----

    private sealed record QuestionProfile(BankQuestion Question, HashSet<string> Skills, string[][] Keywords, string[][] Competencies);

    private sealed record Picked(BankQuestion Question, List<SkillFound> Skills, int KeywordHits);

    private QuestionProfile Profile(BankQuestion q)
    {
        var text = string.Join(" \n ", [q.Text, .. q.Keywords, .. q.Competencies]);
        var skills = _lexicon.FindIn(text).Select(m => m.Skill.Id).ToHashSet(StringComparer.Ordinal);
        return new QuestionProfile(q, skills, [.. q.Keywords.Select(ContentWords)], [.. q.Competencies.Select(ContentWords)]);
    }

    /// <summary>Greedy picking with diminishing returns: a skill already covered counts for less next time.</summary>
    private sealed class Selection(QuestionGenerator generator, Description description, List<DomainMatch> domains, InterviewType? interviewType)
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _skillUses = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _domainUses = new(StringComparer.Ordinal);

        public List<Picked> Pick(Func<BankQuestion, bool> kind, int count)
        {
            var picked = new List<Picked>();
            if (count <= 0)
            {
                return picked;
            }
            var pool = (domains.Count > 0 ? domains.SelectMany(d => generator._bank.QuestionsOf(d.Domain.Id)) : generator._bank.Questions)
                .Where(q => kind(q) && !_taken.Contains(q.Id))
                .ToList();
            while (picked.Count < count && pool.Count > 0)
            {
                var best = -1;
                var bestScore = int.MinValue;
                for (var i = 0; i < pool.Count; i++)
                {
                    var score = Score(pool[i]);
                    if (score > bestScore || (score == bestScore && string.CompareOrdinal(pool[i].Id, pool[best].Id) < 0))
                    {
                        best = i;
                        bestScore = score;
                    }
                }
                var question = pool[best];
                pool.RemoveAt(best);
                _taken.Add(question.Id);
                var profile = generator._profiles[question.Id];
                var skills = description.Skills.Where(s => profile.Skills.Contains(s.Skill.Id)).ToList();
                foreach (var skill in skills)
                {
                    _skillUses[skill.Skill.Id] = _skillUses.GetValueOrDefault(skill.Skill.Id) + 1;
                }
                _domainUses[question.DomainId] = _domainUses.GetValueOrDefault(question.DomainId) + 1;
                picked.Add(new Picked(question, skills, KeywordHits(profile)));
            }
            return picked;
        }

        private int Score(BankQuestion question)
        {
            var profile = generator._profiles[question.Id];
            var score = 0;
            foreach (var skill in description.Skills)
            {
                if (profile.Skills.Contains(skill.Skill.Id))
                {
                    score += (5 + Math.Min(skill.Mentions, 3)) * 12 / (1 + (2 * _skillUses.GetValueOrDefault(skill.Skill.Id)));
                }
            }
            score += KeywordHits(profile) * 24;
            score += profile.Competencies.Count(c => c.Length > 0 && c.All(description.Words.Contains)) * 12;
            var rank = domains.FindIndex(d => d.Domain.Id == question.DomainId);
            if (rank >= 0)
            {
                // The leading domain gets most questions, but not all of them when the description spans several.
                score += (3 - rank) * 24 - (_domainUses.GetValueOrDefault(question.DomainId) * 4);
            }
            score += (interviewType, question.Difficulty) switch
            {
                (InterviewType.PhoneScreen, QuestionDifficulty.Easy) => 24,
                (InterviewType.PhoneScreen, QuestionDifficulty.Hard) => -24,
                (InterviewType.FinalRound or InterviewType.OnSite or InterviewType.Panel, QuestionDifficulty.Hard) => 24,
                (InterviewType.Technical, QuestionDifficulty.Medium or QuestionDifficulty.Hard) => 12,
                (_, QuestionDifficulty.Medium) => 6,
                _ => 0,
            };
            return score;
        }

        private int KeywordHits(QuestionProfile profile) => profile.Keywords.Count(k => k.Length > 0 && k.All(description.Words.Contains));
    }

    private static (int Technical, int Behavioral, int Company) Split(int count, InterviewType? type, CompanyFacts company)
    {
        var (technicalShare, companyShare) = type switch
        {
            InterviewType.Technical => (70, 10),
            InterviewType.Behavioral => (20, 15),
            InterviewType.PhoneScreen => (30, 30),
            InterviewType.FinalRound or InterviewType.OnSite or InterviewType.Panel => (40, 25),
            _ => (50, 20),
        };
        var companyCount = company.Templates == 0 ? 0 : Math.Min(company.Templates, Math.Max(count >= 3 ? 1 : 0, (count * companyShare + 50) / 100));
        var technicalCount = Math.Min(count - companyCount, Math.Max(1, (count * technicalShare + 50) / 100));
        return (technicalCount, count - companyCount - technicalCount, companyCount);
    }

    // ---- Adapting ----

    private static GeneratedQuestion Adapt(Picked picked, QuestionCategory category, Description description, List<DomainMatch> domains, int number)
    {
        var question = picked.Question;
        var domain = domains.FirstOrDefault(d => d.Domain.Id == question.DomainId);
        var lead = picked.Skills.FirstOrDefault();
        string text;
        string basedOn;
        if (lead is not null)
        {
            text = category == QuestionCategory.Technical || question.Text.Contains(lead.AsWritten, StringComparison.OrdinalIgnoreCase)
                ? $"The role asks for {lead.AsWritten}. {question.Text}"
                : $"{question.Text} Where you can, draw on your experience with {lead.AsWritten}, which this role asks for.";
            basedOn = description.Quote(lead.Segment, lead.Offset);
        }
        else if (domain?.RoleAsWritten is { } role)
        {
            text = category == QuestionCategory.Technical
                ? $"For this {role} role: {question.Text}"
                : $"{question.Text} Answer with an example that fits a {role} role.";
            basedOn = description.Quote(domain.EvidenceSegment ?? 0);
        }
        else
        {
            text = question.Text;
            basedOn = description.Segments.Count == 0 ? "" : description.Quote(domain?.EvidenceSegment ?? 0);
        }
        var answer = question.Problem is null ? question.StrongAnswer : $"{question.StrongAnswer} Problem: {question.Problem}";
        return new GeneratedQuestion(number, category, question.Type, question.Difficulty, text, basedOn,
            [.. picked.Skills.Select(s => s.Skill.Name)], question.Keywords, answer, question.Id, question.DomainId);
    }

    // ---- Company questions ----

    private sealed record CompanyFacts(string? Name, int? Mission, int? Values, int? Products)
    {
        public int Templates => (Mission is null ? 0 : 1) + (Values is null ? 0 : 1) + (Products is null ? 0 : 1) + (Name is null ? 0 : 3);
    }

    private static readonly string[] MissionCues = ["mission", "our purpose", "we exist to", "our vision"];
    private static readonly string[] ValuesCues = ["our values", "we value", "core values", "values:", "our principles", "we believe"];
    private static readonly string[] ProductCues = ["our product", "our platform", "our products", "we build", "we make", "we provide", "we offer", "our services", "our software", "our customers"];

    private static CompanyFacts ReadCompanyFacts(Description description, string? company)
    {
        int? mission = null, values = null, products = null;
        for (var i = 0; i < description.Segments.Count; i++)
        {
            var (start, end) = description.Segments[i];
            var text = description.Text[start..end].ToLowerInvariant();
            if (mission is null && MissionCues.Any(c => text.Contains(c, StringComparison.Ordinal)))
            {
                mission = i;
            }
            else if (values is null && ValuesCues.Any(c => text.Contains(c, StringComparison.Ordinal)))
            {
                values = i;
            }
            else if (products is null && ProductCues.Any(c => text.Contains(c, StringComparison.Ordinal)))
            {
                products = i;
            }
        }
        return new CompanyFacts(string.IsNullOrWhiteSpace(company) ? null : company.Trim(), mission, values, products);
    }

    private static List<GeneratedQuestion> CompanyQuestions(CompanyFacts facts, Description description, List<DomainMatch> domains, int count)
    {
        var name = facts.Name ?? "the company";
        var role = domains.Select(d => d.RoleAsWritten).FirstOrDefault(r => r is not null);
        var companyLine = facts.Name is null ? "" : $"Company: {facts.Name}";
        var templates = new List<GeneratedQuestion>();
        if (facts.Mission is { } mission)
        {
            templates.Add(Company(
                $"{Capitalized(name)} describes its mission as \"{Unquoted(description.Quote(mission))}\". How does your experience connect to that mission?",
                description.Quote(mission), QuestionDifficulty.Medium,
                "Puts the mission in their own words, links it to one or two specific things they have done, and says what they would add to it in this role."));
        }
        if (facts.Values is { } values)
        {
            templates.Add(Company(
                $"The description sets out what {name} values: \"{Unquoted(description.Quote(values))}\". Which of these matters most to you, and when have you acted on it at work?",
                description.Quote(values), QuestionDifficulty.Medium,
                "Picks one value and tells a concrete story (situation, action, result) that shows it, rather than agreeing with the list; connects it to how they would work here."));
        }
        if (facts.Products is { } products)
        {
            templates.Add(Company(
                $"This role works on what {name} offers: \"{Unquoted(description.Quote(products))}\". What do you know about it, and how would you get to know its customers in your first 90 days?",
                description.Quote(products), QuestionDifficulty.Medium,
                "Shows research into the product and its users, names a plausible customer problem, and lays out a concrete plan (shadowing, data, customer conversations) with what they would deliver by day 90."));
        }
        if (facts.Name is not null)
        {
            templates.Add(Company(
                $"Why do you want to work at {name}, and what do you know about it beyond this job description?",
                companyLine, QuestionDifficulty.Easy,
                $"Names specific facts about {name} (products, customers, recent news, how it works) and ties them to their own goals and to this role, rather than generic praise."));
            templates.Add(Company(
                role is null
                    ? $"What would you aim to achieve in your first six months in this role at {name}?"
                    : $"What would you aim to achieve in your first six months as {role} at {name}?",
                companyLine, QuestionDifficulty.Medium,
                "Sets out a realistic 30/60/90-day and six-month plan: learning the team and systems first, then two or three concrete, measurable outcomes tied to the role's stated responsibilities."));
            templates.Add(Company(
                $"Who do you see as {name}'s competitors or alternatives, and what sets {name} apart?",
                companyLine, QuestionDifficulty.Hard,
                $"Names real competitors or alternatives, compares them with {name} on something specific (customers, product, price, reputation), and says how that difference matters to this role."));
        }
        return [.. templates.Take(count)];
    }

    private static GeneratedQuestion Company(string text, string basedOn, QuestionDifficulty difficulty, string strongAnswer) =>
        new(0, QuestionCategory.CompanySpecific, null, difficulty, text, basedOn, [], ["company research", "motivation"], strongAnswer, null, null);

    // ---- Key topics ----

    private List<KeyTopic> KeyTopics(Description description, List<DomainMatch> domains)
    {
        var topics = new List<KeyTopic>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var skill in description.Skills)
        {
            if (seen.Add(skill.Skill.Name))
            {
                topics.Add(new KeyTopic(skill.Skill.Name, "job_description",
                    skill.Mentions == 1 ? $"\"{skill.AsWritten}\"" : string.Create(CultureInfo.InvariantCulture, $"\"{skill.AsWritten}\", mentioned {skill.Mentions} times")));
            }
        }
        foreach (var domain in domains)
        {
            var words = _topicWords[domain.Domain.Id];
            var ranked = domain.Domain.Topics
                .Select((topic, i) => (topic, i, present: words[i].Count(description.Words.Contains) * 100 / Math.Max(1, words[i].Length)))
                .OrderByDescending(t => t.present).ThenBy(t => t.i)
                .Take(domain.Rank == 0 ? 6 : 3);
            foreach (var (topic, _, _) in ranked)
            {
                if (seen.Add(topic))
                {
                    topics.Add(new KeyTopic(topic, $"domain:{domain.Domain.Id}", domain.Domain.Name));
                }
            }
        }
        return [.. topics.Take(MaxKeyTopics)];
    }

    // ---- Helpers ----

    /// <summary>A stable fingerprint of the request: each field length-prefixed so that no two inputs share one.</summary>
    public static string InputHash(QuestionGenerationInput input)
    {
        var canonical = string.Join("\n", new[]
        {
            input.JobDescription, input.Company ?? "", input.InterviewType?.ToWire() ?? "", input.Count.ToString(CultureInfo.InvariantCulture), input.DomainId ?? "",
        }.Select(field => string.Create(CultureInfo.InvariantCulture, $"{field.Length}:{field}")));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string[] ContentWords(string phrase) =>
        [.. TextTokens.Split(phrase).Select(t => TextTokens.Stem(t.Text)).Where(w => w.Length >= 3 && !StopWords.Contains(w)).Distinct(StringComparer.Ordinal)];

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Trim(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ';', ':') + "…";
    }

    private static string Unquoted(string text) => text.Replace('"', '\'').TrimEnd('.', ';');

    private static string Capitalized(string text) => text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
