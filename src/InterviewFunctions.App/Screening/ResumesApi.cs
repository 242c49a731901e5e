using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Screening.Extraction;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Files;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Screening;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace InterviewFunctions.App.Screening;

/// <summary>
/// A candidate's resumes: uploaded as multipart/form-data, judged by content, kept as the original (in the file store)
/// and as extracted text (in the resume store), and screened against the candidate's jobs. Admins and recruiters manage
/// every candidate's resumes; a candidate (the role) uploads and reads only their own; interviewers get 403.
/// </summary>
public static partial class ResumesApi
{
    public const string FilePart = "file";
    public const string JobIdField = "jobId";
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    private const int MaxFileName = 255;

    public static RouteGroupBuilder MapResumes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/candidates/{id}/resumes").WithTags("Resumes");
        var limit = routes.ServiceProvider.GetRequiredService<IOptions<ScreeningOptions>>().Value.MaxRequestBytes;
        // The form is described for OpenAPI by hand: Accepts metadata would make routing answer any other body with a
        // bare 415, where the handler explains what to send.
        group.MapPost("", Upload)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = UploadForm();
                return Task.CompletedTask;
            })
            .WithRequestBodyLimit(limit);
        group.MapGet("", List);
        group.MapGet("/{resumeId}", Get);
        group.MapDelete("/{resumeId}", Delete);
        group.MapGet("/{resumeId}/file", Download);
        return group;
    }

    private static OpenApiRequestBody UploadForm() => new()
    {
        Required = true,
        Description = "The resume (PDF, DOCX or plain text, judged by content) and optionally the job to screen it for; without one it is screened for each of the candidate's jobs.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { FilePart },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [FilePart] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        [JobIdField] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
        },
    };

    /// <summary>The candidate, when the caller may handle their resumes; else the answer that says why not.</summary>
    private static async Task<(CandidateProfile? Candidate, ProblemHttpResult? Refusal)> CandidateForAsync(
        Caller caller, string id, ICandidateStore candidates, CancellationToken cancellationToken)
    {
        if (!caller.CanManage && caller.Role != CallerRole.Candidate)
        {
            return (null, Problem.Forbidden("Resumes are handled by admins and recruiters, and by the candidate for their own."));
        }
        if (await candidates.FindAsync(caller.TenantId, id, cancellationToken) is not { } candidate)
        {
            return (null, Problem.NotFound($"Candidate '{id}'"));
        }
        if (caller.Role == CallerRole.Candidate && !string.Equals(candidate.Email, caller.Email, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem.Forbidden("A candidate may upload and read only their own resumes."));
        }
        return (candidate, null);
    }

    private static async Task<Results<Accepted<ResumeUploadResult>, Created<ResumeUploadResult>, ValidationProblem, ProblemHttpResult>> Upload(
        string id,
        HttpContext http,
        ICandidateStore candidates,
        IJobStore jobs,
        IResumeStore resumes,
        IFileStore files,
        ResumeTextExtractor extractor,
        ScreeningScheduler scheduler,
        IOptions<ScreeningOptions> options,
        TimeProvider clock,
        ILogger<UploadedResume> logger,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var (candidate, refusal) = await CandidateForAsync(caller, id, candidates, cancellationToken);
        if (candidate is null)
        {
            return refusal!;
        }
        var maxBytes = options.Value.MaxUploadBytes;
        if (!http.Request.HasFormContentType || !(http.Request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Upload the resume as multipart/form-data, the file in a part named '{FilePart}' (PDF, DOCX or plain text).");
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return Problem.Invalid("body", $"The multipart body could not be read: {e.Message}");
        }
        var parts = form.Files.GetFiles(FilePart);
        if (parts.Count != 1)
        {
            return Problem.Invalid(FilePart, parts.Count == 0
                ? $"The form must carry the resume as a file part named '{FilePart}'."
                : $"The form carries {parts.Count} files named '{FilePart}'; upload one resume at a time.");
        }
        var part = parts[0];
        if (part.Length == 0)
        {
            return Problem.Invalid(FilePart, "The file is empty.");
        }
        if (part.Length > maxBytes)
        {
            return TooLarge(part.Length, maxBytes);
        }
        var v = new Validation();
        var jobId = form.TryGetValue(JobIdField, out var jobValues) ? v.Required(JobIdField, jobValues.ToString(), CandidateRules.MaxJobId) : null;
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        if (jobId is not null && await jobs.FindAsync(caller.TenantId, jobId, cancellationToken) is null)
        {
            return Problem.Invalid(JobIdField, $"There is no job '{jobId}' in this tenant.");
        }

        byte[] bytes;
        await using (var stream = part.OpenReadStream())
        using (var buffer = new MemoryStream((int)part.Length))
        {
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        var fileName = SafeFileName(part.FileName);
        var extraction = extractor.Extract(bytes, fileName, new ExtractionLimits { MaxFileBytes = maxBytes });
        if (extraction.Failure is { } failure && Refused(failure, bytes.Length, maxBytes) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var format = extraction.Resume?.Format is { } read ? ToFileType(read) : Sniff(bytes);
        var resumeId = Guid.CreateVersion7(now).ToString();
        var contentType = ContentTypeOf(format);
        var key = FileKey(caller.TenantId, resumeId, format);
        using (var content = new MemoryStream(bytes, writable: false))
        {
            await files.PutAsync(key, content, contentType, cancellationToken);
        }
        var resume = await resumes.CreateAsync(new UploadedResume
        {
            Id = resumeId,
            TenantId = caller.TenantId,
            CandidateId = candidate.Id,
            FileName = fileName.Length > 0 ? fileName : $"resume{ExtensionOf(format)}",
            Format = format,
            ContentType = contentType,
            SizeBytes = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            FileKey = key,
            UploadedAt = now,
            Extraction = ToExtraction(extraction),
        }, cancellationToken);
        Log.Uploaded(logger, resume.Id, candidate.Id, resume.Format, resume.SizeBytes, resume.Extraction.Succeeded);

        var queued = new List<ScreeningResource>();
        foreach (var target in jobId is not null ? [jobId] : candidate.JobIds)
        {
            // A listed job is not deleted while listed; one that went anyway is skipped rather than failing the upload.
            if (jobId is null && await jobs.FindAsync(caller.TenantId, target, cancellationToken) is null)
            {
                continue;
            }
            var (screening, _) = await scheduler.QueueAsync(target, resume, rescreen: false, cancellationToken);
            queued.Add(ScreeningResource.From(screening, candidate.Name, withRequirements: false));
        }
        var result = new ResumeUploadResult(ResumeResource.From(resume, withText: false), queued);
        if (queued.Count == 0)
        {
            return TypedResults.Created($"/api/candidates/{candidate.Id}/resumes/{resume.Id}", result);
        }
        await scheduler.MarkScreeningAsync(candidate, cancellationToken);
        return TypedResults.Accepted(queued[0].Url, result);
    }

    private static async Task<Results<Ok<ResumeList>, ValidationProblem, ProblemHttpResult>> List(
        string id, HttpContext http, ICandidateStore candidates, IResumeStore resumes, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var (candidate, refusal) = await CandidateForAsync(caller, id, candidates, cancellationToken);
        if (candidate is null)
        {
            return refusal!;
        }
        var v = new Validation();
        var size = v.Count("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        var token = v.Optional("continuationToken", continuationToken, 8192);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        var page = await resumes.ListAsync(caller.TenantId, candidate.Id, size, token, cancellationToken);
        return TypedResults.Ok(new ResumeList([.. page.Items.Select(r => ResumeResource.From(r, withText: false))], page.ContinuationToken));
    }

    private static async Task<Results<Ok<ResumeResource>, ProblemHttpResult>> Get(
        string id, string resumeId, HttpContext http, ICandidateStore candidates, IResumeStore resumes, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var (candidate, refusal) = await CandidateForAsync(caller, id, candidates, cancellationToken);
        if (candidate is null)
        {
            return refusal!;
        }
        return await resumes.FindAsync(caller.TenantId, candidate.Id, resumeId, cancellationToken) is { } resume
            ? TypedResults.Ok(ResumeResource.From(resume, withText: true))
            : Problem.NotFound($"Resume '{resumeId}' of candidate '{id}'");
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        string id, string resumeId, HttpContext http, ICandidateStore candidates, IResumeStore resumes, IFileStore files, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var (candidate, refusal) = await CandidateForAsync(caller, id, candidates, cancellationToken);
        if (candidate is null)
        {
            return refusal!;
        }
        if (await resumes.FindAsync(caller.TenantId, candidate.Id, resumeId, cancellationToken) is not { } resume)
        {
            return Problem.NotFound($"Resume '{resumeId}' of candidate '{id}'");
        }
        if (await files.OpenReadAsync(resume.FileKey, cancellationToken) is not { } stored)
        {
            return Problem.NotFound($"The original file of resume '{resumeId}'");
        }
        // The stored type is ours (judged from the bytes), never what the uploader declared; the download is always an attachment.
        return TypedResults.File(stored.Content, resume.ContentType, resume.FileName);
    }

    /// <summary>
    /// Erases a resume: its screenings first (their evidence quotes its text), then the original file, then the record, so
    /// that a delete cut short is finished by repeating it. Screenings are the hiring team's, so only admins and
    /// recruiters delete; a screening a concurrent request queued meanwhile is erased by the second pass, and one that
    /// still slips through fails with "the resume was deleted".
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id,
        string resumeId,
        HttpContext http,
        ICandidateStore candidates,
        IResumeStore resumes,
        IScreeningStore screenings,
        IFileStore files,
        ILogger<UploadedResume> logger,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (!caller.CanManage)
        {
            return Problem.Forbidden("Resumes are deleted by admins and recruiters only: the screenings that go with them are the hiring team's.");
        }
        if (await candidates.FindAsync(caller.TenantId, id, cancellationToken) is not { } candidate)
        {
            return Problem.NotFound($"Candidate '{id}'");
        }
        if (await resumes.FindAsync(caller.TenantId, candidate.Id, resumeId, cancellationToken) is not { } resume)
        {
            return Problem.NotFound($"Resume '{resumeId}' of candidate '{id}'");
        }
        var erased = await screenings.DeleteForResumeAsync(caller.TenantId, candidate.Id, resume.Id, cancellationToken);
        await files.DeleteAsync(resume.FileKey, cancellationToken);
        await resumes.DeleteAsync(caller.TenantId, candidate.Id, resume.Id, cancellationToken);
        erased += await screenings.DeleteForResumeAsync(caller.TenantId, candidate.Id, resume.Id, cancellationToken);
        Log.Deleted(logger, resume.Id, candidate.Id, erased);
        return TypedResults.NoContent();
    }

    /// <summary>The answer for a file that is not a resume at all; null for one that is kept and fails its screenings.</summary>
    private static ProblemHttpResult? Refused(ExtractionFailure failure, long length, long maxBytes) => failure.Code switch
    {
        ExtractionFailureCode.UnsupportedType => Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", failure.Message),
        ExtractionFailureCode.TooLarge => TooLarge(length, maxBytes),
        ExtractionFailureCode.Empty => Problem.Of(StatusCodes.Status400BadRequest, "The file is empty.", failure.Message),
        // An archive built to exhaust or escape the reader is not kept: it is an attack, not a resume that failed to read.
        ExtractionFailureCode.ZipBomb or ExtractionFailureCode.UnsafeArchive =>
            Problem.Of(StatusCodes.Status422UnprocessableEntity, "The file was refused.", failure.Message),
        _ => null,
    };

    private static ProblemHttpResult TooLarge(long length, long maxBytes) => Problem.Of(StatusCodes.Status413PayloadTooLarge, "The file is too large.",
        $"The file has {length} bytes; a resume may have at most {maxBytes} bytes ({maxBytes / (1024 * 1024.0):0.#} MB).");

    private static ResumeExtraction ToExtraction(ExtractionResult result) => result.Resume is { } r
        ? new ResumeExtraction
        {
            Succeeded = true,
            Text = r.Text,
            VisibleText = r.VisibleText,
            PageCount = r.PageCount,
            LineCount = r.LineCount,
            ParagraphCount = r.ParagraphCount,
            HiddenText = [.. r.HiddenText.Select(h => new ResumeHiddenText(h.Text, JsonNamingPolicy.SnakeCaseLower.ConvertName(h.Reason.ToString()), h.Page))],
            Injections = [.. r.Injections.Select(i => new ResumeInjection(i.Rule, i.Excerpt, i.InHiddenText))],
            Warnings = r.Warnings,
        }
        : new ResumeExtraction
        {
            Succeeded = false,
            FailureCode = JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Failure!.Code.ToString()),
            FailureMessage = result.Failure.Message,
        };

    private static ResumeFileType ToFileType(ResumeFormat format) => format switch
    {
        ResumeFormat.Pdf => ResumeFileType.Pdf,
        ResumeFormat.Docx => ResumeFileType.Docx,
        _ => ResumeFileType.Text,
    };

    /// <summary>For a file extraction could not read: what it claims to be by its first bytes, as the extractor judged it.</summary>
    private static ResumeFileType Sniff(ReadOnlySpan<byte> bytes) =>
        bytes[..Math.Min(bytes.Length, 1024)].IndexOf("%PDF-"u8) >= 0 ? ResumeFileType.Pdf
        : bytes.StartsWith("PK"u8) ? ResumeFileType.Docx
        : ResumeFileType.Text;

    public static string ContentTypeOf(ResumeFileType format) => format switch
    {
        ResumeFileType.Pdf => "application/pdf",
        ResumeFileType.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "text/plain",
    };

    private static string ExtensionOf(ResumeFileType format) => format switch
    {
        ResumeFileType.Pdf => ".pdf",
        ResumeFileType.Docx => ".docx",
        _ => ".txt",
    };

    /// <summary>
    /// <c>resumes/{tenant}/{id}.{ext}</c>. A tenant id outside the file store's alphabet (lower-case letters, digits, '-',
    /// '_', '.') is replaced by a hash of it, so that no tenant id can reach another tenant's folder.
    /// </summary>
    public static string FileKey(string tenantId, string resumeId, ResumeFileType format)
    {
        var tenant = KeySegment().IsMatch(tenantId) && !tenantId.Contains("..", StringComparison.Ordinal) && tenantId != "."
            ? tenantId
            : "t-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenantId)))[..32];
        return $"resumes/{tenant}/{resumeId}{ExtensionOf(format)}";
    }

    /// <summary>The uploader's file name without folders or control characters, for display and the download's name.</summary>
    private static string SafeFileName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string([.. bare.Where(c => !char.IsControl(c) && c != '"')]).Trim();
        return clean.Length <= MaxFileName ? clean : clean[^MaxFileName..];
    }

    [GeneratedRegex("^[a-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeySegment();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Resume {ResumeId} of candidate {CandidateId} stored: {Format}, {SizeBytes} bytes, readable {Readable}")]
        public static partial void Uploaded(ILogger logger, string resumeId, string candidateId, ResumeFileType format, long sizeBytes, bool readable);

        [LoggerMessage(Level = LogLevel.Information, Message = "Resume {ResumeId} of candidate {CandidateId} deleted with its file and {Screenings} screenings")]
        public static partial void Deleted(ILogger logger, string resumeId, string candidateId, int screenings);
    }
}
