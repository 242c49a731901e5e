using System.Net;
using System.Text.Json;
using InterviewFunctions.App.Screening;
using InterviewFunctions.Core.Screening;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Resumes in their own container, partitioned by tenant. The candidate is a property checked on every read, so a
/// point read through another candidate looks missing.
/// </summary>
public sealed class CosmosResumeStore(CosmosContainers containers) : IResumeStore
{
    public async Task<UploadedResume?> FindAsync(string tenantId, string candidateId, string id, CancellationToken cancellationToken)
    {
        if (!CosmosDocuments.IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Resumes.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        var resume = ToResume(document.RootElement);
        return resume.CandidateId == candidateId ? resume : null;
    }

    public async Task<UploadedResume?> LatestAsync(string tenantId, string candidateId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT TOP 1 * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.candidateId = @candidate ORDER BY c.id DESC")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", UploadedResume.DocumentType)
            .WithParameter("@candidate", candidateId);
        var found = await CosmosDocuments.ReadAllAsync<JsonElement>(containers.Resumes, query, tenantId, cancellationToken);
        return found.Count == 0 ? null : ToResume(found[0]);
    }

    public async Task<ResumePage> ListAsync(string tenantId, string candidateId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.candidateId = @candidate ORDER BY c.id ASC")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", UploadedResume.DocumentType)
            .WithParameter("@candidate", candidateId);
        var (items, next) = await CosmosDocuments.PageAsync(containers.Resumes, query, tenantId, pageSize, continuationToken, ToResume, cancellationToken);
        return new ResumePage(items, next);
    }

    public async Task<UploadedResume> CreateAsync(UploadedResume upload, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(upload, ScreeningStoredJsonContext.Default.UploadedResume));
        using var response = await containers.Resumes.CreateItemStreamAsync(body, new PartitionKey(upload.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ResumeAlreadyExistsException(upload.Id);
        }
        response.EnsureSuccessStatusCode();
        return upload with { ETag = response.Headers.ETag };
    }

    public async Task<bool> DeleteAsync(string tenantId, string candidateId, string id, CancellationToken cancellationToken)
    {
        // Read first: the candidate is a property, and a resume of another candidate must stay, as if missing.
        if (await FindAsync(tenantId, candidateId, id, cancellationToken) is not { } resume)
        {
            return false;
        }
        using var response = await containers.Resumes.DeleteItemStreamAsync(id, new PartitionKey(tenantId), new ItemRequestOptions { IfMatchEtag = resume.ETag }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            // Resumes are never replaced: a changed ETag means it was deleted and the id reused, which ids never are.
            return false;
        }
        response.EnsureSuccessStatusCode();
        return true;
    }

    private static UploadedResume ToResume(JsonElement element) =>
        element.Deserialize(ScreeningStoredJsonContext.Default.UploadedResume)! with { ETag = element.GetProperty("_etag").GetString() };
}
