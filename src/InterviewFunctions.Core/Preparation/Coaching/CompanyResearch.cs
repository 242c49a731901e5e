namespace InterviewFunctions.Core.Preparation.Coaching;

/// <param name="Prompts">Questions to answer in your own notes, with the company named.</param>
/// <param name="WhereToLook">Where the answers usually are.</param>
public sealed record ResearchSection(string Id, string Title, string Purpose, IReadOnlyList<string> Prompts, IReadOnlyList<string> WhereToLook);

public sealed record CompanyResearchTemplate(string Company, string Introduction, IReadOnlyList<ResearchSection> Sections, string Summary);

/// <summary>A guided template for researching a company before an interview: six sections, each with prompts to fill in.</summary>
public static class CompanyResearch
{
    public const int MaxCompanyLength = 200;

    public static IReadOnlyList<string> SectionIds { get; } = ["overview", "culture-and-team", "financials-and-growth", "recent-news", "competitive-landscape", "manager-and-team"];

    public static CompanyResearchTemplate For(string company)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(company);
        var c = company.Trim();
        return new(c,
            $"Spend 60 to 90 minutes on {c} before the interview. Write short answers under each prompt; the aim is to talk about {c} like someone who already works there, and to have questions only an insider would ask.",
            [
                new("overview", "Company overview", $"Know what {c} does and how it makes money.",
                    [
                        $"In one sentence, what does {c} sell, and to whom?",
                        $"How does {c} make money: products, services, subscriptions, contracts, fees?",
                        $"How big is {c} (people, locations, customers), and how old?",
                        $"What is {c}'s stated mission, and which part of it does this role serve?",
                    ],
                    ["The company's website: about, products and careers pages", "The annual report or investor pages, if public", "Business directories and the company's profile on professional networks"]),
                new("culture-and-team", "Culture and values", $"Judge whether you would work well at {c}, and prepare stories that match its values.",
                    [
                        $"Which values does {c} publish, and which one do you have a strong story for?",
                        $"What do current and former employees say about working at {c}: pace, flexibility, how decisions are made?",
                        $"How does {c} describe its ideal candidate in this and similar job postings?",
                        $"What would make you hesitate about {c}'s culture, and how can you find out more in the interview?",
                    ],
                    ["The careers page and job postings", "Employee review sites, read for patterns rather than single reviews", "Talks, blog posts or podcasts by people who work there"]),
                new("financials-and-growth", "Financials and growth", $"Understand whether {c} is growing, steady or under pressure, and what that means for the role.",
                    [
                        $"Is {c}'s revenue or headcount growing, flat or shrinking over the last two or three years?",
                        $"How is {c} funded: public company, private owners, investors, public money or donations?",
                        $"Where is {c} investing: new markets, products, sites, acquisitions?",
                        $"What pressure is {c} under (costs, regulation, competition), and how could this role help with it?",
                    ],
                    ["Annual reports and quarterly results for public companies", "Funding announcements and company registry filings for private ones", "Budgets and annual plans for public-sector and non-profit employers"]),
                new("recent-news", "Recent news", $"Have something current to mention, and avoid being surprised by a headline about {c}.",
                    [
                        $"What has {c} announced in the last six months: launches, results, leadership changes, partnerships?",
                        $"Has {c} been in the news for a problem (an outage, a recall, a lawsuit, layoffs)? How did it respond?",
                        $"Which piece of news about {c} could you ask a thoughtful question about?",
                    ],
                    ["A news search for the company's name, last six months", "The company's press or newsroom page", "Trade publications for its industry"]),
                new("competitive-landscape", "Competitive landscape", $"Know who {c} competes with and why customers choose it.",
                    [
                        $"Who are {c}'s two or three main competitors?",
                        $"What sets {c} apart: price, quality, service, technology, reputation, location?",
                        $"Where is {c} behind its competitors, and could this role help close the gap?",
                        $"How is {c}'s market changing, and is {c} leading or following that change?",
                    ],
                    ["Comparison and review sites for its products or services", "Industry reports and trade press", "Competitors' own websites and job postings"]),
                new("manager-and-team", "Manager and team", $"Learn about the people you would work with at {c} and what they need from this hire.",
                    [
                        $"Who would be your manager at {c}, and what is their background?",
                        "Who are your interviewers, what do they do, and what might each want to learn about you?",
                        $"How is the team organised, and how does it fit into {c} as a whole?",
                        "What problem is this team most likely hiring to solve?",
                    ],
                    ["Professional networking profiles of the manager and interviewers", "The job posting and the recruiter's description of the team", "Talks, articles or open-source work by team members"]),
            ],
            $"Finish with three sentences you can say in the interview: why {c}, why this role, and one thing you would want to learn more about.");
    }
}
