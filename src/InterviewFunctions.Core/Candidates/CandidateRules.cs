using System.Text.Json.Nodes;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;

namespace InterviewFunctions.Core.Candidates;

/// <summary>
/// Every rule about creating and changing a candidate profile, as pure functions of the profile, the input and the time.
/// Whether the job ids exist and whether the email is free are the stores' to answer; the API asks them.
/// </summary>
public static class CandidateRules
{
    public const int MaxName = 200;
    public const int MaxLocation = 200;
    public const int MaxNotes = 10_000;
    public const int MaxLinks = 10;
    public const int MaxJobIds = 20;
    public const int MaxJobId = 100;
    public const int MinPhoneDigits = 8;
    public const int MaxPhoneDigits = 15;

    /// <summary>The statuses a candidate may be created in: any open stage, so that a pipeline can be imported.</summary>
    public static readonly IReadOnlyList<CandidateStatus> Initial = [.. Enum.GetValues<CandidateStatus>().Where(s => !CandidatePipeline.IsFinal(s))];

    public static (CandidateProfile? Candidate, IDictionary<string, string[]> Errors) Create(CreateCandidateRequest request, string tenantId, string id, DateTimeOffset now)
    {
        var v = new Validation();
        var fields = Read(v, request);
        var status = v.Enum<CandidateStatus>("status", request.Status, required: false) ?? CandidateStatus.New;
        if (!Initial.Contains(status))
        {
            v.Add("status", $"A new candidate is one of: {string.Join(", ", Initial.Select(s => s.ToWire()))}; '{status.ToWire()}' is final.");
        }
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        return (fields with { Id = id, TenantId = tenantId, Status = status, CreatedAt = now, UpdatedAt = now }, v.Errors);
    }

    /// <summary>A JSON merge patch (RFC 7396) of the profile; lists are replaced whole; a status change follows <see cref="CandidatePipeline"/>.</summary>
    public static CandidateChange Patch(CandidateProfile candidate, JsonObject patch, DateTimeOffset now)
    {
        var v = new Validation();
        var request = new CreateCandidateRequest(
            candidate.Name, candidate.Email, candidate.Phone, [.. candidate.Links], candidate.Location, null, [.. candidate.JobIds], candidate.Notes);
        CandidateStatus? status = null;
        foreach (var (name, node) in patch)
        {
            switch (name)
            {
                case "name": request = request with { Name = PatchValues.Text(v, name, node) }; break;
                case "email": request = request with { Email = PatchValues.Text(v, name, node) }; break;
                case "phone": request = request with { Phone = PatchValues.Text(v, name, node) }; break;
                case "location": request = request with { Location = PatchValues.Text(v, name, node) }; break;
                case "notes": request = request with { Notes = PatchValues.Text(v, name, node) }; break;
                case "links": request = request with { Links = PatchValues.TextList(v, name, node) ?? request.Links }; break;
                case "jobIds": request = request with { JobIds = PatchValues.TextList(v, name, node) ?? request.JobIds }; break;
                case "status": status = v.Enum<CandidateStatus>(name, PatchValues.Text(v, name, node)); break;
                default: v.Add(name, $"'{name}' is not a field that can be changed."); break;
            }
        }
        var fields = Read(v, request);
        if (!v.IsValid)
        {
            return new CandidateChange.Invalid(v.Errors);
        }
        if (status is { } to && to != candidate.Status && !CandidatePipeline.CanMove(candidate.Status, to))
        {
            var allowed = CandidatePipeline.AllowedFrom(candidate.Status);
            var next = allowed.Count == 0 ? "none: it is final" : string.Join(", ", allowed.Select(a => a.ToWire()));
            return new CandidateChange.Conflict($"A candidate who is {candidate.Status.ToWire()} cannot become {to.ToWire()}. Allowed next statuses: {next}.");
        }
        var result = candidate with
        {
            Name = fields.Name,
            Email = fields.Email,
            Phone = fields.Phone,
            Links = fields.Links,
            Location = fields.Location,
            JobIds = fields.JobIds,
            Notes = fields.Notes,
            Status = status ?? candidate.Status,
        };
        return SameContent(result, candidate)
            ? new CandidateChange.Unchanged()
            : new CandidateChange.Applied(result with { UpdatedAt = now, Revision = candidate.Revision + 1 });
    }

    public static bool SameContent(CandidateProfile a, CandidateProfile b) =>
        a.Name == b.Name && a.Email == b.Email && a.Phone == b.Phone && a.Links.SequenceEqual(b.Links) && a.Location == b.Location
        && a.JobIds.SequenceEqual(b.JobIds) && a.Notes == b.Notes && a.Status == b.Status;

    /// <summary>
    /// A phone number in E.164 form: a plus, then 8 to 15 digits, the first not zero. Spaces, dots, dashes and
    /// brackets between digits are accepted for readability and dropped: <c>+49 (30) 123-456</c> is <c>+4930123456</c>.
    /// </summary>
    public static string? Phone(Validation v, string field, string? value)
    {
        var text = v.Optional(field, value, 40);
        if (text is null)
        {
            return null;
        }
        var digits = new string([.. text.Skip(1).Where(char.IsAsciiDigit)]);
        var wellFormed = text.StartsWith('+') && text.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')');
        if (!wellFormed || digits.Length is < MinPhoneDigits or > MaxPhoneDigits || digits[0] == '0')
        {
            v.Add(field, $"'{field}' must be an international number in E.164 form: a plus, the country code and {MinPhoneDigits} to {MaxPhoneDigits} digits in all, such as +4930123456 or +1 415 555 0100.");
            return null;
        }
        return "+" + digits;
    }

    private static CandidateProfile Read(Validation v, CreateCandidateRequest request)
    {
        var name = v.Required("name", request.Name, MaxName);
        var email = v.Email("email", request.Email);
        var phone = Phone(v, "phone", request.Phone);
        var links = ReadLinks(v, request.Links);
        var location = v.Optional("location", request.Location, MaxLocation);
        var jobIds = ReadJobIds(v, request.JobIds);
        var notes = v.Optional("notes", request.Notes, MaxNotes);
        return new CandidateProfile
        {
            Id = "",
            TenantId = "",
            Name = name ?? "",
            Email = email ?? "",
            Phone = phone,
            Links = links,
            Location = location,
            JobIds = jobIds,
            Notes = notes,
            CreatedAt = default,
            UpdatedAt = default,
        };
    }

    private static List<string> ReadLinks(Validation v, IReadOnlyList<string?>? input)
    {
        var links = new List<string>();
        if (input is null)
        {
            return links;
        }
        if (input.Count > MaxLinks)
        {
            v.Add("links", $"'links' may hold at most {MaxLinks} URLs (it has {input.Count}).");
            return links;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var field = $"links[{i}]";
            if (string.IsNullOrWhiteSpace(input[i]))
            {
                v.Add(field, $"'{field}' must be an absolute http or https URL, not empty.");
            }
            else if (v.HttpUrl(field, input[i]) is { } url && !links.Contains(url, StringComparer.Ordinal))
            {
                links.Add(url);
            }
        }
        return links;
    }

    private static List<string> ReadJobIds(Validation v, IReadOnlyList<string?>? input)
    {
        var ids = new List<string>();
        if (input is null)
        {
            return ids;
        }
        if (input.Count > MaxJobIds)
        {
            v.Add("jobIds", $"'jobIds' may hold at most {MaxJobIds} job ids (it has {input.Count}).");
            return ids;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var id = v.Required($"jobIds[{i}]", input[i], MaxJobId);
            if (id is not null && !ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}
