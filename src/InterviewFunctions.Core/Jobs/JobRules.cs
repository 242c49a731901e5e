using System.Text.Json.Nodes;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Jobs;

/// <summary>Every rule about creating and changing a job posting, as pure functions of the job, the input and the time.</summary>
public static class JobRules
{
    public const int MaxTitle = 200;
    public const int MaxDomain = 100;
    public const int MaxDepartment = 200;
    public const int MaxDescription = 20_000;
    public const int MaxLocation = 200;
    public const int MaxSkills = 50;
    public const int MaxSkill = 80;
    public const int MaxYears = 50;

    public static (Job? Job, IDictionary<string, string[]> Errors) Create(CreateJobRequest request, string tenantId, string id, DateTimeOffset now)
    {
        var v = new Validation();
        var fields = Read(v, request);
        var status = v.Enum<JobStatus>("status", request.Status, required: false) ?? JobStatus.Draft;
        if (!JobStateMachine.Initial.Contains(status))
        {
            v.Add("status", $"A new job is {string.Join(" or ", JobStateMachine.Initial.Select(s => s.ToWire()))}; '{status.ToWire()}' comes later.");
        }
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        return (fields with { Id = id, TenantId = tenantId, Status = status, CreatedAt = now, UpdatedAt = now }, v.Errors);
    }

    /// <summary>
    /// A JSON merge patch (RFC 7396): the fields given replace the job's, null clears an optional field, and
    /// <c>experience</c> merges into the current range. A status change follows <see cref="JobStateMachine"/>.
    /// </summary>
    public static JobChange Patch(Job job, JsonObject patch, DateTimeOffset now)
    {
        var v = new Validation();
        var request = ToRequest(job);
        JobStatus? status = null;
        foreach (var (name, node) in patch)
        {
            switch (name)
            {
                case "title": request = request with { Title = PatchValues.Text(v, name, node) }; break;
                case "domain": request = request with { Domain = PatchValues.Text(v, name, node) }; break;
                case "department": request = request with { Department = PatchValues.Text(v, name, node) }; break;
                case "description": request = request with { Description = PatchValues.Text(v, name, node) }; break;
                case "location": request = request with { Location = PatchValues.Text(v, name, node) }; break;
                case "workplace": request = request with { Workplace = PatchValues.Text(v, name, node) }; break;
                case "requiredSkills": request = request with { RequiredSkills = PatchValues.TextList(v, name, node) ?? request.RequiredSkills }; break;
                case "niceToHaveSkills": request = request with { NiceToHaveSkills = PatchValues.TextList(v, name, node) ?? request.NiceToHaveSkills }; break;
                case "experience": request = request with { Experience = PatchExperience(v, request.Experience, node) }; break;
                case "status":
                    status = v.Enum<JobStatus>(name, PatchValues.Text(v, name, node));
                    break;
                default:
                    v.Add(name, $"'{name}' is not a field that can be changed.");
                    break;
            }
        }
        var fields = Read(v, request);
        if (!v.IsValid)
        {
            return new JobChange.Invalid(v.Errors);
        }
        if (status is { } to && to != job.Status && !JobStateMachine.CanMove(job.Status, to))
        {
            var allowed = JobStateMachine.AllowedFrom(job.Status);
            var next = allowed.Count == 0 ? "none: it is final" : string.Join(", ", allowed.Select(a => a.ToWire()));
            return new JobChange.Conflict($"A job that is {job.Status.ToWire()} cannot become {to.ToWire()}. Allowed next statuses: {next}.");
        }
        var result = job with
        {
            Title = fields.Title,
            Domain = fields.Domain,
            Department = fields.Department,
            Description = fields.Description,
            RequiredSkills = fields.RequiredSkills,
            NiceToHaveSkills = fields.NiceToHaveSkills,
            Experience = fields.Experience,
            Location = fields.Location,
            Workplace = fields.Workplace,
            Status = status ?? job.Status,
        };
        return SameContent(result, job)
            ? new JobChange.Unchanged()
            : new JobChange.Applied(result with { UpdatedAt = now, Revision = job.Revision + 1 });
    }

    public static bool SameContent(Job a, Job b) =>
        a.Title == b.Title && a.Domain == b.Domain && a.Department == b.Department && a.Description == b.Description
        && a.RequiredSkills.SequenceEqual(b.RequiredSkills) && a.NiceToHaveSkills.SequenceEqual(b.NiceToHaveSkills)
        && a.Experience == b.Experience && a.Location == b.Location && a.Workplace == b.Workplace && a.Status == b.Status;

    /// <summary>The descriptive fields of a request, validated; identity, status and times are the caller's to fill.</summary>
    private static Job Read(Validation v, CreateJobRequest request)
    {
        var title = v.Required("title", request.Title, MaxTitle);
        var domain = v.Optional("domain", request.Domain, MaxDomain);
        var department = v.Optional("department", request.Department, MaxDepartment);
        var description = v.Optional("description", request.Description, MaxDescription);
        var required = PatchValues.Labels(v, "requiredSkills", request.RequiredSkills, MaxSkills, MaxSkill);
        var nice = PatchValues.Labels(v, "niceToHaveSkills", request.NiceToHaveSkills, MaxSkills, MaxSkill);
        var experience = ReadExperience(v, request.Experience);
        var location = v.Optional("location", request.Location, MaxLocation);
        var workplace = v.Enum<Workplace>("workplace", request.Workplace, required: false);
        return new Job
        {
            Id = "",
            TenantId = "",
            Title = title ?? "",
            Domain = domain,
            Department = department,
            Description = description,
            RequiredSkills = required,
            NiceToHaveSkills = nice,
            Experience = experience,
            Location = location,
            Workplace = workplace,
            CreatedAt = default,
            UpdatedAt = default,
        };
    }

    private static ExperienceRange? ReadExperience(Validation v, ExperienceInput? input)
    {
        if (input is null || (input.MinYears is null && input.MaxYears is null))
        {
            return null;
        }
        var min = input.MinYears is null ? null : v.Range("experience.minYears", input.MinYears, 0, MaxYears);
        var max = input.MaxYears is null ? null : v.Range("experience.maxYears", input.MaxYears, 0, MaxYears);
        if (min > max)
        {
            v.Add("experience.maxYears", $"'experience.maxYears' ({max}) must not be less than 'experience.minYears' ({min}).");
        }
        return new ExperienceRange(min, max);
    }

    private static ExperienceInput? PatchExperience(Validation v, ExperienceInput? current, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonObject changes)
        {
            v.Add("experience", "'experience' must be an object with minYears and/or maxYears, or null to clear it.");
            return current;
        }
        var result = current ?? new ExperienceInput(null, null);
        foreach (var (key, value) in changes)
        {
            var field = $"experience.{key}";
            switch (key)
            {
                case "minYears": result = result with { MinYears = PatchValues.Int(v, field, value, out _) }; break;
                case "maxYears": result = result with { MaxYears = PatchValues.Int(v, field, value, out _) }; break;
                default: v.Add(field, $"'{field}' is not a field of the experience range."); break;
            }
        }
        return result;
    }

    private static CreateJobRequest ToRequest(Job job) => new(
        job.Title,
        job.Domain,
        job.Department,
        job.Description,
        [.. job.RequiredSkills],
        [.. job.NiceToHaveSkills],
        job.Experience is { } e ? new ExperienceInput(e.MinYears, e.MaxYears) : null,
        job.Location,
        job.Workplace?.ToWire());
}
